using System.Globalization;
using ChatCommerce.Dialogs.Shopping;
using ChatCommerce.Domain.Catalog;
using ChatCommerce.Domain.Orders;
using ChatCommerce.Domain.Payments;
using ChatCommerce.Domain.Replies;
using ChatCommerce.Domain.Shop;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Dialogs.Payments;

/// <summary>What the shopper reads about paying: how to pay each way, what became of a slip, the receipt.</summary>
public sealed class PaymentReplies(ReplyTexts texts, ShopReplies shopReplies, IOptions<ShopOptions> shop)
{
    /// <summary>Where a payment's QR picture is served, under the shop's public address.</summary>
    public const string QrPath = "/pay/qr/";

    /// <summary>The postback that asks for another way to pay an order: <c>paywith:{number}:{method}</c>.</summary>
    public const string PayWithPrefix = "paywith:";

    public ReplyTexts Texts => texts;

    /// <summary>"พร้อมเพย์", "bank transfer" …: a method inside a sentence.</summary>
    public string MethodName(string locale, string method) =>
        PaymentMethods.All.Contains(method) ? texts.Get(locale, "payment.method." + method) : method;

    /// <summary>The checkout button of a method.</summary>
    public string MethodLabel(string locale, string method) => method switch
    {
        PaymentMethods.CashOnDelivery => texts.Get(locale, "checkout.pay_cod"),
        PaymentMethods.PromptPay or PaymentMethods.Transfer or PaymentMethods.Card => texts.Get(locale, "checkout.pay_" + method),
        _ => method,
    };

    /// <summary>A deadline as the shopper reads it, in the shop's time (<see cref="ShopReplies.Time"/>).</summary>
    public string Time(string locale, DateTimeOffset at) => shopReplies.Time(locale, at);

    public bool HasPublicAddress => !string.IsNullOrWhiteSpace(shop.Value.PublicBaseUrl);

    /// <summary>Where a card payment's link goes first: this host, which opens (or reopens) the Checkout Session.</summary>
    public const string CardPath = "/pay/card/";

    public string? CardUrl(PaymentAttempt attempt) =>
        HasPublicAddress && attempt.Method == PaymentMethods.Card ? shop.Value.PublicBaseUrl.TrimEnd('/') + CardPath + attempt.PublicToken : null;

    public string? QrUrl(PaymentAttempt attempt) =>
        string.IsNullOrWhiteSpace(shop.Value.PublicBaseUrl) || attempt.Method != PaymentMethods.PromptPay
            ? null
            : shop.Value.PublicBaseUrl.TrimEnd('/') + QrPath + attempt.PublicToken + ".png";

    /// <summary>How to pay this attempt, with buttons for the other ways the shop takes.</summary>
    public IReadOnlyList<OutboundMessage> Instructions(Order order, PaymentAttempt attempt, PaymentSettings settings, IReadOnlyList<string> otherMethods)
    {
        var locale = order.Locale;
        var amount = new Money(attempt.AmountSatang).ToDisplay();
        var deadline = order.PaymentDueAtMs is { } due ? Time(locale, DateTimeOffset.FromUnixTimeMilliseconds(due)) : "";
        var others = OtherWays(order, otherMethods.Where(m => m != attempt.Method));
        List<OutboundMessage> messages = [];
        switch (attempt.Method)
        {
            case PaymentMethods.PromptPay when QrUrl(attempt) is { } url:
                messages.Add(new TextReply(texts.Get(locale, "payment.promptpay", ("amount", amount), ("deadline", deadline))));
                messages.Add(new ImageReply(url, url, texts.Get(locale, "payment.qr_alt", ("amount", amount), ("number", order.Number))) { QuickReplies = others });
                break;
            case PaymentMethods.PromptPay:
                messages.Add(new TextReply(texts.Get(locale, "payment.promptpay_no_qr", ("amount", amount), ("id", settings.PromptPayId), ("deadline", deadline))) { QuickReplies = others });
                break;
            case PaymentMethods.Transfer:
                messages.Add(new TextReply(texts.Get(locale, "payment.transfer",
                    ("amount", amount), ("bank", settings.Transfer.BankName), ("account", settings.Transfer.AccountNumber), ("name", settings.Transfer.AccountName), ("deadline", deadline)))
                { QuickReplies = others });
                break;
            case PaymentMethods.Card when CardUrl(attempt) is { } payUrl:
                messages.Add(new ButtonsReply(
                    texts.Get(locale, "payment.card", ("amount", amount), ("deadline", deadline)),
                    [new ReplyAction(texts.Get(locale, "payment.card_button"), "", Url: payUrl)]) { QuickReplies = others });
                break;
        }

        return messages;
    }

    public List<ReplyAction> OtherWays(Order order, IEnumerable<string> methods) =>
        [.. methods.Where(m => m != PaymentMethods.CashOnDelivery).Take(3).Select(m =>
            new ReplyAction(texts.Get(order.Locale, "payment.other_way", ("method", MethodName(order.Locale, m))), PayWithPrefix + order.Number + ":" + m))];

    public string Say(Order order, string key, params (string Name, string Value)[] values) =>
        texts.Get(order.Locale, key, [("number", order.Number), ("amount", new Money(order.TotalSatang).ToDisplay()), .. values]);

    public string Lead(Order order) => order.LeadDaysMin == order.LeadDaysMax
        ? order.LeadDaysMin.ToString(CultureInfo.InvariantCulture)
        : $"{order.LeadDaysMin.ToString(CultureInfo.InvariantCulture)}–{order.LeadDaysMax.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The paid order's receipt and a thank-you with when it ships.</summary>
    public IReadOnlyList<OutboundMessage> Paid(Order order, string method, DateTimeOffset paidAt) =>
        [Receipt(order, method, paidAt), new TextReply(Say(order, "payment.confirmed", ("lead", Lead(order))))];

    public ReceiptReply Receipt(Order order, string method, DateTimeOffset paidAt)
    {
        var locale = order.Locale;
        List<ReceiptAmount> amounts =
        [
            new(texts.Get(locale, "receipt.subtotal"), order.SubtotalSatang, ReceiptAmountKind.Subtotal),
        ];
        amounts.AddRange(order.Promotions.Where(p => p.Kind != Domain.Promotions.PromotionKinds.FreeShipping && p.DiscountSatang > 0)
            .OrderBy(p => p.PromotionId, StringComparer.Ordinal)
            .Select(p => new ReceiptAmount(p.DisplayName(locale), p.DiscountSatang, ReceiptAmountKind.Discount)));
        amounts.Add(new(texts.Get(locale, "receipt.shipping"), order.ShippingFeeSatang, ReceiptAmountKind.Shipping));
        if (order.PaymentFeeSatang != 0)
        {
            amounts.Add(new(texts.Get(locale, "receipt.fee"), order.PaymentFeeSatang, ReceiptAmountKind.Fee));
        }

        var total = new Money(order.TotalSatang).ToDisplay();
        return new ReceiptReply(
            texts.Get(locale, "receipt.alt", ("number", order.Number), ("total", total)),
            texts.Get(locale, "receipt.title"),
            order.Number,
            order.CustomerName,
            MethodName(locale, method),
            paidAt,
            texts.Get(locale, "receipt.paid_at", ("time", Time(locale, paidAt))),
            order.Lines.Select(l => new ReceiptLine(l.Size is { Length: > 0 } size ? $"{l.Name} ({size})" : l.Name, l.Quantity, l.UnitPriceSatang)).ToList(),
            amounts,
            new ReceiptAmount(texts.Get(locale, "receipt.total"), order.TotalSatang, ReceiptAmountKind.Total),
            texts.Get(locale, "receipt.footer"));
    }
}
