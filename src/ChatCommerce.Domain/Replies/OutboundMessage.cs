using System.Text.Json.Serialization;

namespace ChatCommerce.Domain.Replies;

/// <summary>
/// A reply in channel-neutral form. The channel renderers turn it into LINE Flex/templates or
/// Messenger templates, within each platform's size limits.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(TextReply), "text")]
[JsonDerivedType(typeof(ProductCarouselReply), "carousel")]
[JsonDerivedType(typeof(ConfirmReply), "confirm")]
[JsonDerivedType(typeof(ImageReply), "image")]
[JsonDerivedType(typeof(ButtonsReply), "buttons")]
[JsonDerivedType(typeof(ReceiptReply), "receipt")]
public abstract record OutboundMessage
{
    /// <summary>Quick replies shown under the message (only the last message's show on LINE).</summary>
    public IReadOnlyList<ReplyAction> QuickReplies { get; init; } = [];

    /// <summary>The message as one line of text, for the customer's history.</summary>
    public string Describe() => this switch
    {
        TextReply text => text.Text,
        ProductCarouselReply carousel => carousel.AltText,
        ConfirmReply confirm => confirm.Text,
        ImageReply image => image.AltText,
        ButtonsReply buttons => buttons.Text,
        ReceiptReply receipt => receipt.AltText,
        _ => GetType().Name,
    };
}

public sealed record TextReply(string Text) : OutboundMessage;

public sealed record ProductCard(
    string Title,
    string Subtitle,
    string PriceText,
    string? ImageUrl,
    IReadOnlyList<ReplyAction> Actions);

public sealed record ProductCarouselReply(string AltText, IReadOnlyList<ProductCard> Cards) : OutboundMessage;

public sealed record ConfirmReply(string Text, ReplyAction Yes, ReplyAction No) : OutboundMessage;

public sealed record ImageReply(string OriginalUrl, string PreviewUrl, string AltText) : OutboundMessage;

/// <summary>A short text with one to three buttons (a payment link, choices that must stay visible).</summary>
public sealed record ButtonsReply(string Text, IReadOnlyList<ReplyAction> Buttons) : OutboundMessage;

/// <summary>
/// A receipt for a paid order: a Flex bubble on LINE, the receipt template on Messenger. Labels
/// come translated; amounts are satang.
/// </summary>
public sealed record ReceiptReply(
    string AltText,
    string Title,
    string OrderNumber,
    string RecipientName,
    string PaymentMethod,
    DateTimeOffset PaidAt,
    string PaidAtText,
    IReadOnlyList<ReceiptLine> Lines,
    IReadOnlyList<ReceiptAmount> Amounts,
    ReceiptAmount Total,
    string? Footer) : OutboundMessage;

public sealed record ReceiptLine(string Name, int Quantity, long UnitPriceSatang)
{
    public long AmountSatang => UnitPriceSatang * Quantity;
}

/// <summary>A labelled sum on a receipt ("Shipping ฿60"); <see cref="Kind"/> says which it is for templates that name them.</summary>
public sealed record ReceiptAmount(string Label, long Satang, ReceiptAmountKind Kind);

public enum ReceiptAmountKind
{
    Subtotal,
    Shipping,
    Fee,
    Total,

    /// <summary>Taken off by a promotion: a positive amount, shown as a deduction.</summary>
    Discount,
}
