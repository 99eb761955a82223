using ChatCommerce.Dialogs.Shopping;
using ChatCommerce.Domain.Catalog;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Orders;
using ChatCommerce.Domain.Replies;

namespace ChatCommerce.Dialogs.Orders;

/// <summary>Order status in chat: the shopper's recent orders, one order by number, and the shipped notice.</summary>
public sealed class OrderReplies(ShopReplies shop, IOrderStore orders)
{
    public const int Recent = 5;

    public async Task<OutboundMessage> RecentAsync(ConversationKey conversation, string locale, Basket basket, CancellationToken cancellationToken)
    {
        var mine = await orders.ForCustomerAsync(conversation.ChannelName, conversation.ChatId, Recent, cancellationToken);
        var text = mine.Count == 0
            ? shop.Texts.Get(locale, "orders.none")
            : shop.Texts.Get(locale, "orders.title") + "\n" + string.Join('\n', mine.Select(o => Line(locale, o)));
        return shop.WithMenu(new TextReply(text), locale, basket);
    }

    /// <summary>One order by its number, only if it is this customer's.</summary>
    public async Task<OutboundMessage> OneAsync(ConversationKey conversation, string locale, string number, Basket basket, CancellationToken cancellationToken)
    {
        var compact = new string(number.Where(char.IsLetterOrDigit).ToArray()).ToUpperInvariant();
        var order = await orders.GetAsync(compact, cancellationToken);
        var text = order is not null && order.Channel == conversation.ChannelName && order.UserId == conversation.ChatId
            ? Line(locale, order)
            : shop.Texts.Get(locale, "orders.not_found", ("number", compact));
        return shop.WithMenu(new TextReply(text), locale, basket);
    }

    /// <summary>What the customer is told when staff mark the order shipped.</summary>
    public string Shipped(Order order) => order.TrackingNumber is { Length: > 0 } tracking
        ? shop.Texts.Get(order.Locale, "orders.shipped", ("number", order.Number), ("tracking", tracking))
        : shop.Texts.Get(order.Locale, "orders.shipped_no_tracking", ("number", order.Number));

    private string Line(string locale, Order order) =>
        shop.Texts.Get(locale, "orders.line",
            ("number", order.Number),
            ("date", ShopReplies.Date(locale, DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(order.CreatedAtMs).UtcDateTime))),
            ("total", new Money(order.TotalSatang).ToDisplay()),
            ("status", shop.Texts.Get(locale, order is { Status: OrderStatus.AwaitingPayment, PaymentState: PaymentState.Verifying } ? "status.Verifying" : "status." + order.Status)),
            ("tracking", order.TrackingNumber is { Length: > 0 } t ? shop.Texts.Get(locale, "orders.tracking", ("tracking", t)) : ""));
}
