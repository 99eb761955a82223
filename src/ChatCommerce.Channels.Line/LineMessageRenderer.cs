using System.Text.Json;
using System.Text.Json.Nodes;
using ChatCommerce.Channels.Common;
using ChatCommerce.Domain.Replies;

namespace ChatCommerce.Channels.Line;

/// <summary>
/// Renders channel-neutral replies into LINE message objects that LINE accepts: long text is split,
/// labels and alt texts are cut to size, carousels keep to 12 bubbles and 50 KB, and quick replies
/// go on the last message (the only one whose quick replies LINE shows).
/// </summary>
public static class LineMessageRenderer
{
    public static IReadOnlyList<JsonObject> Render(IReadOnlyList<OutboundMessage> messages) =>
        ReplyRendering.RenderAll(messages, RenderOne, (last, actions) => last["quickReply"] = QuickReply(actions));

    private static IEnumerable<JsonObject> RenderOne(OutboundMessage message) => message switch
    {
        TextReply text => TextFit.Split(NonEmpty(TextFit.Clean(text.Text)), LineLimits.TextLength).Select(Text),
        ProductCarouselReply carousel when carousel.Cards.Count > 0 => [Carousel(carousel)],
        ProductCarouselReply carousel => [Text(NonEmpty(carousel.AltText))],
        ConfirmReply confirm => [Confirm(confirm)],
        ImageReply image when IsSendableImage(image.OriginalUrl) && IsSendableImage(image.PreviewUrl) => [Image(image)],
        ImageReply image => [Text(NonEmpty(TextFit.Truncate(image.AltText, LineLimits.TextLength)))],
        _ => throw new ArgumentOutOfRangeException(nameof(message), message.GetType().Name, "Unknown reply type."),
    };

    private static JsonObject Text(string text) => new() { ["type"] = "text", ["text"] = text };

    private static JsonObject Image(ImageReply image) => new()
    {
        ["type"] = "image",
        ["originalContentUrl"] = image.OriginalUrl,
        ["previewImageUrl"] = image.PreviewUrl,
    };

    private static JsonObject Confirm(ConfirmReply confirm) => new()
    {
        ["type"] = "template",
        ["altText"] = TextFit.Truncate(NonEmpty(confirm.Text), LineLimits.AltText),
        ["template"] = new JsonObject
        {
            ["type"] = "confirm",
            ["text"] = TextFit.Truncate(NonEmpty(confirm.Text), LineLimits.ConfirmText),
            ["actions"] = new JsonArray(Action(confirm.Yes, LineLimits.TemplateActionLabel), Action(confirm.No, LineLimits.TemplateActionLabel)),
        },
    };

    private static JsonObject Carousel(ProductCarouselReply carousel)
    {
        var bubbles = carousel.Cards.Take(LineLimits.FlexCarouselBubbles).Select(Bubble).ToList();
        while (bubbles.Count > 1 && ByteSize(new JsonObject { ["type"] = "carousel", ["contents"] = new JsonArray([.. bubbles.Select(b => b.DeepClone())]) }) > LineLimits.FlexCarouselBytes)
        {
            bubbles.RemoveAt(bubbles.Count - 1);
        }

        return new JsonObject
        {
            ["type"] = "flex",
            ["altText"] = TextFit.Truncate(NonEmpty(carousel.AltText), LineLimits.AltText),
            ["contents"] = new JsonObject { ["type"] = "carousel", ["contents"] = new JsonArray([.. bubbles]) },
        };
    }

    private static JsonObject Bubble(ProductCard card)
    {
        var body = new JsonArray
        {
            new JsonObject { ["type"] = "text", ["text"] = TextFit.Truncate(NonEmpty(card.Title), 200), ["weight"] = "bold", ["size"] = "md", ["wrap"] = true },
        };
        if (!string.IsNullOrWhiteSpace(card.Subtitle))
        {
            body.Add(new JsonObject { ["type"] = "text", ["text"] = TextFit.Truncate(card.Subtitle, 400), ["size"] = "sm", ["color"] = "#666666", ["wrap"] = true });
        }

        body.Add(new JsonObject { ["type"] = "text", ["text"] = NonEmpty(card.PriceText), ["size"] = "lg", ["weight"] = "bold", ["color"] = "#06C755" });

        var bubble = new JsonObject { ["type"] = "bubble" };
        if (card.ImageUrl is { } url && IsSendableImage(url))
        {
            bubble["hero"] = new JsonObject { ["type"] = "image", ["url"] = url, ["size"] = "full", ["aspectRatio"] = "1:1", ["aspectMode"] = "cover" };
        }

        bubble["body"] = new JsonObject { ["type"] = "box", ["layout"] = "vertical", ["spacing"] = "sm", ["contents"] = body };
        if (card.Actions.Count > 0)
        {
            var buttons = new JsonArray();
            foreach (var (action, index) in card.Actions.Take(3).Select((a, i) => (a, i)))
            {
                buttons.Add(new JsonObject
                {
                    ["type"] = "button",
                    ["style"] = index == 0 ? "primary" : "secondary",
                    ["height"] = "sm",
                    ["action"] = Action(action, LineLimits.FlexActionLabel),
                });
            }

            bubble["footer"] = new JsonObject { ["type"] = "box", ["layout"] = "vertical", ["spacing"] = "sm", ["contents"] = buttons };
        }

        return bubble;
    }

    private static JsonObject QuickReply(IReadOnlyList<ReplyAction> actions)
    {
        var items = new JsonArray();
        foreach (var action in actions.Take(LineLimits.QuickReplyItems))
        {
            items.Add(new JsonObject { ["type"] = "action", ["action"] = Action(action, LineLimits.QuickReplyLabel) });
        }

        return new JsonObject { ["items"] = items };
    }

    private static JsonObject Action(ReplyAction action, int labelLimit)
    {
        var label = TextFit.Truncate(NonEmpty(action.Label), labelLimit);
        if (action.Url is { } url)
        {
            return new JsonObject { ["type"] = "uri", ["label"] = label, ["uri"] = url };
        }

        if (action.Payload.Length > LineLimits.PostbackData)
        {
            throw new ArgumentException($"Postback data over {LineLimits.PostbackData} characters: '{action.Payload[..40]}…'.", nameof(action));
        }

        return new JsonObject
        {
            ["type"] = "postback",
            ["label"] = label,
            ["data"] = action.Payload,
            ["displayText"] = TextFit.Truncate(action.DisplayText ?? action.Label, LineLimits.DisplayText),
        };
    }

    public static bool IsSendableImage(string? url) =>
        url is { Length: > 0 and <= LineLimits.ImageUrlLength }
        && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps;

    public static int ByteSize(JsonNode node) => JsonSerializer.SerializeToUtf8Bytes(node).Length;

    private static string NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? "…" : text;
}
