using System.ComponentModel;
using ChatCommerce.Domain.Catalog;
using ChatCommerce.Domain.Orders;

namespace ChatCommerce.Web.Admin;

/// <summary>A product as the owner API shows it. Money is in satang (1 baht = 100 satang).</summary>
public sealed record ProductView(
    string Sku,
    string CfCode,
    string CategoryId,
    string NameTh,
    string NameEn,
    string DescriptionTh,
    string DescriptionEn,
    long PriceSatang,
    int Stock,
    int WeightGrams,
    IReadOnlyList<string> Sizes,
    DateOnly? RestockOn,
    string ImagePath,
    bool Active)
{
    public static ProductView Of(Product p) => new(p.Sku, p.CfCode, p.CategoryId, p.NameTh, p.NameEn, p.DescriptionTh, p.DescriptionEn, p.PriceSatang, p.Stock, p.WeightGrams, p.Sizes, p.RestockOn, p.ImagePath, p.Active);
}

/// <summary>What the owner sends to create (with <see cref="Sku"/>) or replace a product.</summary>
public sealed record ProductInput(
    [property: Description("Stock keeping unit: letters, digits and dashes, at most 64. Ignored on PUT (the path names it).")] string? Sku,
    [property: Description("The short code Live viewers type, e.g. \"dm7\": lower-case letters and digits, at most 32.")] string CfCode,
    string CategoryId,
    string NameTh,
    string NameEn,
    string? DescriptionTh,
    string? DescriptionEn,
    [property: Description("Required. The price in satang (฿1 = 100 satang).")] long? PriceSatang,
    [property: Description("Required on POST (the opening count); refused on PUT, where stock changes only through /stock.")] int? Stock,
    [property: Description("Required. Weight in grams, for the shipping fee.")] int? WeightGrams,
    IReadOnlyList<string>? Sizes,
    DateOnly? RestockOn,
    string? ImagePath,
    bool? Active);

/// <summary>
/// A stock change: <see cref="Add"/> units (negative to remove), which keeps what orders reserved
/// meanwhile, or a counted <see cref="Stock"/> that replaces the figure; and optionally when an
/// out-of-stock product is expected back.
/// </summary>
public sealed record StockInput(
    [property: Description("Units to add (negative: remove); the stock never goes below 0. Give this or stock.")] int? Add,
    [property: Description("A counted stock that replaces the current figure. Give this or add.")] int? Stock,
    DateOnly? RestockOn);

public sealed record OrderLineView(string Sku, string Name, string? Size, int Quantity, long UnitPriceSatang);

public sealed record OrderView(
    string Number,
    OrderStatus Status,
    string Channel,
    string CustomerName,
    string Phone,
    string Address,
    string Postcode,
    string ShippingMethod,
    long SubtotalSatang,
    long ShippingFeeSatang,
    long TotalSatang,
    [property: Description("Added for the payment method (cash on delivery's fee).")] long PaymentFeeSatang,
    string PaymentMethod,
    PaymentState PaymentState,
    [property: Description("When an unpaid order is cancelled and its stock released.")] DateTimeOffset? PaymentDueAt,
    DateTimeOffset? PaidAt,
    string? TrackingNumber,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<OrderLineView> Lines)
{
    public static OrderView Of(Order o) => new(
        o.Number, o.Status, o.Channel, o.CustomerName, o.Phone, o.Address, o.Postcode, o.ShippingMethod,
        o.SubtotalSatang, o.ShippingFeeSatang, o.TotalSatang, o.PaymentFeeSatang, o.PaymentMethod, o.PaymentState,
        Time(o.PaymentDueAtMs), Time(o.PaidAtMs), o.TrackingNumber,
        DateTimeOffset.FromUnixTimeMilliseconds(o.CreatedAtMs), DateTimeOffset.FromUnixTimeMilliseconds(o.UpdatedAtMs),
        o.Lines.Select(l => new OrderLineView(l.Sku, l.Name, l.Size, l.Quantity, l.UnitPriceSatang)).ToList());

    private static DateTimeOffset? Time(long? ms) => ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;
}

/// <summary>A change to an order: a new status, a tracking number, or both.</summary>
public sealed record OrderChange(OrderStatus? Status, string? TrackingNumber);

/// <summary>The order after the change, and whether the customer was told in chat (when it shipped).</summary>
public sealed record OrderChangeResult(OrderView Order, string? CustomerNotified);

/// <summary>A conversation waiting for staff.</summary>
public sealed record HandoffView(string Channel, string ChatId, DateTimeOffset RequestedAt, string Reason, string? LastText);

/// <summary>An event the bot gave up on: which conversation, what kind, when, how many attempts, and why.</summary>
public sealed record DeadLetterView(long Id, string Channel, string ChatId, string EventId, string Type, DateTimeOffset ReceivedAt, int Attempts, string? Reason)
{
    public static DeadLetterView Of(ChatCommerce.Conversations.Inbox.DeadLetter d) =>
        new(d.Id, d.Conversation.ChannelName, d.Conversation.ChatId, d.EventId, d.RawType, d.ReceivedAt, d.Attempts, d.Reason);
}
