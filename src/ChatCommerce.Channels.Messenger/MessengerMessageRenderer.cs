using System.Text.Json.Nodes;
using ChatCommerce.Channels.Common;
using ChatCommerce.Domain.Replies;

namespace ChatCommerce.Channels.Messenger;

/// <summary>
/// Renders channel-neutral replies into Send API <c>message</c> objects (one per call), within
/// Messenger's limits: text split under 2,000 characters, at most 13 quick replies on the last
/// message, generic templates of at most 10 elements with 3 buttons, button templates under 640.
/// </summary>
public static class MessengerMessageRenderer
{
    public static IReadOnlyList<JsonObject> Render(IReadOnlyList<OutboundMessage> messages) =>
        ReplyRendering.RenderAll(messages, RenderOne, (last, actions) => last["quick_replies"] = new JsonArray([.. actions.Take(MessengerLimits.QuickReplies).Select(q => (JsonNode)new JsonObject
        {
            ["content_type"] = "text",
            ["title"] = TextFit.Truncate(q.Label, MessengerLimits.QuickReplyTitle),
            ["payload"] = Payload(q.Payload, MessengerLimits.QuickReplyPayload),
        })]));

    private static IEnumerable<JsonObject> RenderOne(OutboundMessage message) => message switch
    {
        TextReply text => TextFit.Split(NonEmpty(TextFit.Clean(text.Text)), MessengerLimits.TextLength).Select(Text),
        ProductCarouselReply carousel when carousel.Cards.Count > 0 => [Generic(carousel)],
        ProductCarouselReply carousel => [Text(NonEmpty(carousel.AltText))],
        ConfirmReply confirm => [ButtonTemplate(confirm)],
        ImageReply image => [Attachment("image", new JsonObject { ["url"] = image.OriginalUrl, ["is_reusable"] = true })],
        _ => throw new ArgumentOutOfRangeException(nameof(message), message.GetType().Name, "Unknown reply type."),
    };

    private static JsonObject Text(string text) => new() { ["text"] = text };

    private static JsonObject Attachment(string type, JsonObject payload) => new()
    {
        ["attachment"] = new JsonObject { ["type"] = type, ["payload"] = payload },
    };

    private static JsonObject Generic(ProductCarouselReply carousel)
    {
        var elements = new JsonArray();
        foreach (var card in carousel.Cards.Take(MessengerLimits.GenericElements))
        {
            var element = new JsonObject
            {
                ["title"] = TextFit.Truncate(NonEmpty(card.Title), MessengerLimits.ElementTitle),
                ["subtitle"] = TextFit.Truncate($"{card.PriceText} · {card.Subtitle}".Trim(' ', '·'), MessengerLimits.ElementSubtitle),
            };
            if (!string.IsNullOrEmpty(card.ImageUrl))
            {
                element["image_url"] = card.ImageUrl;
            }

            if (card.Actions.Count > 0)
            {
                element["buttons"] = Buttons(card.Actions.Take(MessengerLimits.ElementButtons));
            }

            elements.Add(element);
        }

        return Attachment("template", new JsonObject { ["template_type"] = "generic", ["elements"] = elements });
    }

    private static JsonObject ButtonTemplate(ConfirmReply confirm) => Attachment("template", new JsonObject
    {
        ["template_type"] = "button",
        ["text"] = TextFit.Truncate(NonEmpty(confirm.Text), MessengerLimits.ButtonTemplateText),
        ["buttons"] = Buttons([confirm.Yes, confirm.No]),
    });

    private static JsonArray Buttons(IEnumerable<ReplyAction> actions) => new([.. actions.Select(a => (JsonNode)(a.Url is { } url
        ? new JsonObject { ["type"] = "web_url", ["title"] = TextFit.Truncate(a.Label, MessengerLimits.ButtonTitle), ["url"] = url }
        : new JsonObject { ["type"] = "postback", ["title"] = TextFit.Truncate(a.Label, MessengerLimits.ButtonTitle), ["payload"] = Payload(a.Payload, MessengerLimits.ButtonPayload) }))]);

    private static string Payload(string payload, int max) => payload.Length <= max
        ? payload
        : throw new ArgumentException($"Payload over {max} characters.", nameof(payload));

    private static string NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? "…" : text;
}
