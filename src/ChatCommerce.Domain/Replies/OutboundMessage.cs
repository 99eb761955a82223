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
public abstract record OutboundMessage
{
    /// <summary>Quick replies shown under the message (only the last message's show on LINE).</summary>
    public IReadOnlyList<ReplyAction> QuickReplies { get; init; } = [];
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
