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
        ButtonsReply buttons => [Attachment("template", new JsonObject
        {
            ["template_type"] = "button",
            ["text"] = TextFit.Truncate(NonEmpty(buttons.Text), MessengerLimits.ButtonTemplateText),
            ["buttons"] = Buttons(buttons.Buttons.Take(MessengerLimits.ElementButtons)),
        })],
        ReceiptReply receipt => [Receipt(receipt)],
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

    /// <summary>
    /// The receipt template: each element's price is its line's amount (as in Meta's example), the
    /// summary's shipping cost carries any payment fee, at most 100 elements (the rest summed into one).
    /// </summary>
    private static JsonObject Receipt(ReceiptReply receipt)
    {
        var elements = new JsonArray();
        var lines = receipt.Lines;
        var shown = lines.Count <= MessengerLimits.ReceiptElements ? lines.Count : MessengerLimits.ReceiptElements - 1;
        foreach (var line in lines.Take(shown))
        {
            elements.Add(new JsonObject
            {
                ["title"] = TextFit.Truncate(NonEmpty(line.Name), MessengerLimits.ElementTitle),
                ["quantity"] = line.Quantity,
                ["price"] = Baht(line.AmountSatang),
                ["currency"] = "THB",
            });
        }

        if (shown < lines.Count)
        {
            var rest = lines.Skip(shown).ToList();
            elements.Add(new JsonObject { ["title"] = $"… +{rest.Count}", ["quantity"] = rest.Sum(l => l.Quantity), ["price"] = Baht(rest.Sum(l => l.AmountSatang)), ["currency"] = "THB" });
        }

        var summary = new JsonObject { ["total_cost"] = Baht(receipt.Total.Satang) };
        if (receipt.Amounts.FirstOrDefault(a => a.Kind == ReceiptAmountKind.Subtotal) is { } subtotal)
        {
            summary["subtotal"] = Baht(subtotal.Satang);
        }

        var shipping = receipt.Amounts.Where(a => a.Kind is ReceiptAmountKind.Shipping or ReceiptAmountKind.Fee).Sum(a => a.Satang);
        summary["shipping_cost"] = Baht(shipping);
        var adjustments = new JsonArray();
        foreach (var discount in receipt.Amounts.Where(a => a.Kind == ReceiptAmountKind.Discount))
        {
            adjustments.Add(new JsonObject { ["name"] = TextFit.Truncate(NonEmpty(discount.Label), MessengerLimits.ElementTitle), ["amount"] = Baht(discount.Satang) });
        }

        var template = new JsonObject
        {
            ["template_type"] = "receipt",
            ["recipient_name"] = TextFit.Truncate(NonEmpty(receipt.RecipientName), MessengerLimits.ElementTitle),
            ["order_number"] = receipt.OrderNumber,
            ["currency"] = "THB",
            ["payment_method"] = TextFit.Truncate(NonEmpty(receipt.PaymentMethod), MessengerLimits.ElementTitle),
            ["timestamp"] = receipt.PaidAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["elements"] = elements,
            ["summary"] = summary,
        };
        if (adjustments.Count > 0)
        {
            template["adjustments"] = adjustments;
        }

        return Attachment("template", template);
    }

    private static decimal Baht(long satang) => satang / 100m;

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
