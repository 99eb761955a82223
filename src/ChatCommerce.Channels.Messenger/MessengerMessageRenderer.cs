using System.Text.Json;
using ChatCommerce.Channels.Common;
using ChatCommerce.Domain.Replies;

namespace ChatCommerce.Channels.Messenger;

/// <summary>
/// Renders channel-neutral replies into Send API <c>message</c> objects (one per call), within
/// Messenger's limits: text split under 2,000 characters, at most 13 quick replies on the last
/// message, generic templates of at most 10 elements with 3 buttons, button templates under 640.
/// Written straight to UTF-8 as the request bodies are (<see cref="JsonBody"/>), each message
/// with its delivery marker (<c>metadata</c>) when a seed is given.
/// </summary>
public static class MessengerMessageRenderer
{
    public static IReadOnlyList<RenderedJson> Render(IReadOnlyList<OutboundMessage> messages, string? seed = null)
    {
        // Each message's properties, written once it is known which is last (it carries the quick replies).
        var parts = new List<Action<Utf8JsonWriter>>();
        foreach (var message in messages)
        {
            RenderOne(message, parts);
        }

        var quickReplies = ReplyRendering.QuickReplies(messages);
        var output = new RenderedJsonWriter();
        var w = output.Writer;
        for (var i = 0; i < parts.Count; i++)
        {
            w.WriteStartObject();
            parts[i](w);
            if (i == parts.Count - 1 && quickReplies.Count > 0)
            {
                QuickReplies(w, quickReplies);
            }

            if (seed is not null)
            {
                w.WriteString("metadata", MessengerChannelGateway.Metadata(seed, i));
            }

            w.WriteEndObject();
            output.EndMessage();
        }

        return output.Messages();
    }

    private static void RenderOne(OutboundMessage message, List<Action<Utf8JsonWriter>> parts)
    {
        switch (message)
        {
            case TextReply text:
                foreach (var piece in TextFit.Split(NonEmpty(TextFit.Clean(text.Text)), MessengerLimits.TextLength))
                {
                    parts.Add(w => w.WriteString("text", piece));
                }

                break;
            case ProductCarouselReply carousel when carousel.Cards.Count > 0:
                parts.Add(w => Template(w, "generic", t => Generic(t, carousel)));
                break;
            case ProductCarouselReply carousel:
                parts.Add(w => w.WriteString("text", NonEmpty(carousel.AltText)));
                break;
            case ConfirmReply confirm:
                parts.Add(w => ButtonTemplate(w, confirm.Text, [confirm.Yes, confirm.No]));
                break;
            case ImageReply image:
                parts.Add(w => Attachment(w, "image", p =>
                {
                    p.WriteString("url", image.OriginalUrl);
                    p.WriteBoolean("is_reusable", true);
                }));
                break;
            case ButtonsReply buttons:
                parts.Add(w => ButtonTemplate(w, buttons.Text, buttons.Buttons));
                break;
            case ReceiptReply receipt:
                parts.Add(w => Template(w, "receipt", t => Receipt(t, receipt)));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(message), message.GetType().Name, "Unknown reply type.");
        }
    }

    private static void QuickReplies(Utf8JsonWriter w, IReadOnlyList<ReplyAction> actions)
    {
        w.WriteStartArray("quick_replies");
        foreach (var q in actions.Take(MessengerLimits.QuickReplies))
        {
            w.WriteStartObject();
            w.WriteString("content_type", "text");
            w.WriteString("title", TextFit.Truncate(q.Label, MessengerLimits.QuickReplyTitle));
            w.WriteString("payload", Payload(q.Payload, MessengerLimits.QuickReplyPayload));
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary><c>"attachment":{"type":…,"payload":{…}}</c>.</summary>
    private static void Attachment(Utf8JsonWriter w, string type, Action<Utf8JsonWriter> payload)
    {
        w.WriteStartObject("attachment");
        w.WriteString("type", type);
        w.WriteStartObject("payload");
        payload(w);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Template(Utf8JsonWriter w, string templateType, Action<Utf8JsonWriter> properties) => Attachment(w, "template", p =>
    {
        p.WriteString("template_type", templateType);
        properties(p);
    });

    private static void Generic(Utf8JsonWriter w, ProductCarouselReply carousel)
    {
        w.WriteStartArray("elements");
        foreach (var card in carousel.Cards.Take(MessengerLimits.GenericElements))
        {
            w.WriteStartObject();
            w.WriteString("title", TextFit.Truncate(NonEmpty(card.Title), MessengerLimits.ElementTitle));
            w.WriteString("subtitle", TextFit.Truncate($"{card.PriceText} · {card.Subtitle}".Trim(' ', '·'), MessengerLimits.ElementSubtitle));
            if (!string.IsNullOrEmpty(card.ImageUrl))
            {
                w.WriteString("image_url", card.ImageUrl);
            }

            if (card.Actions.Count > 0)
            {
                Buttons(w, card.Actions.Take(MessengerLimits.ElementButtons));
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>
    /// The receipt template: each element's price is its line's amount (as in Meta's example), the
    /// summary's shipping cost carries any payment fee, at most 100 elements (the rest summed into one).
    /// </summary>
    private static void Receipt(Utf8JsonWriter w, ReceiptReply receipt)
    {
        w.WriteString("recipient_name", TextFit.Truncate(NonEmpty(receipt.RecipientName), MessengerLimits.ElementTitle));
        w.WriteString("order_number", receipt.OrderNumber);
        w.WriteString("currency", "THB");
        w.WriteString("payment_method", TextFit.Truncate(NonEmpty(receipt.PaymentMethod), MessengerLimits.ElementTitle));
        w.WriteString("timestamp", receipt.PaidAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));

        var lines = receipt.Lines;
        var shown = lines.Count <= MessengerLimits.ReceiptElements ? lines.Count : MessengerLimits.ReceiptElements - 1;
        w.WriteStartArray("elements");
        foreach (var line in lines.Take(shown))
        {
            ReceiptElement(w, TextFit.Truncate(NonEmpty(line.Name), MessengerLimits.ElementTitle), line.Quantity, line.AmountSatang);
        }

        if (shown < lines.Count)
        {
            var rest = lines.Skip(shown).ToList();
            ReceiptElement(w, $"… +{rest.Count}", rest.Sum(l => l.Quantity), rest.Sum(l => l.AmountSatang));
        }

        w.WriteEndArray();

        w.WriteStartObject("summary");
        w.WriteNumber("total_cost", Baht(receipt.Total.Satang));
        if (receipt.Amounts.FirstOrDefault(a => a.Kind == ReceiptAmountKind.Subtotal) is { } subtotal)
        {
            w.WriteNumber("subtotal", Baht(subtotal.Satang));
        }

        w.WriteNumber("shipping_cost", Baht(receipt.Amounts.Where(a => a.Kind is ReceiptAmountKind.Shipping or ReceiptAmountKind.Fee).Sum(a => a.Satang)));
        w.WriteEndObject();

        var discounts = receipt.Amounts.Where(a => a.Kind == ReceiptAmountKind.Discount).ToList();
        if (discounts.Count > 0)
        {
            w.WriteStartArray("adjustments");
            foreach (var discount in discounts)
            {
                w.WriteStartObject();
                w.WriteString("name", TextFit.Truncate(NonEmpty(discount.Label), MessengerLimits.ElementTitle));
                w.WriteNumber("amount", Baht(discount.Satang));
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }
    }

    private static void ReceiptElement(Utf8JsonWriter w, string title, int quantity, long amountSatang)
    {
        w.WriteStartObject();
        w.WriteString("title", title);
        w.WriteNumber("quantity", quantity);
        w.WriteNumber("price", Baht(amountSatang));
        w.WriteString("currency", "THB");
        w.WriteEndObject();
    }

    private static decimal Baht(long satang) => satang / 100m;

    private static void ButtonTemplate(Utf8JsonWriter w, string text, IEnumerable<ReplyAction> buttons) => Template(w, "button", t =>
    {
        t.WriteString("text", TextFit.Truncate(NonEmpty(text), MessengerLimits.ButtonTemplateText));
        Buttons(t, buttons.Take(MessengerLimits.ElementButtons));
    });

    private static void Buttons(Utf8JsonWriter w, IEnumerable<ReplyAction> actions)
    {
        w.WriteStartArray("buttons");
        foreach (var a in actions)
        {
            w.WriteStartObject();
            if (a.Url is { } url)
            {
                w.WriteString("type", "web_url");
                w.WriteString("title", TextFit.Truncate(a.Label, MessengerLimits.ButtonTitle));
                w.WriteString("url", url);
            }
            else
            {
                w.WriteString("type", "postback");
                w.WriteString("title", TextFit.Truncate(a.Label, MessengerLimits.ButtonTitle));
                w.WriteString("payload", Payload(a.Payload, MessengerLimits.ButtonPayload));
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static string Payload(string payload, int max) => payload.Length <= max
        ? payload
        : throw new ArgumentException($"Payload over {max} characters.", nameof(payload));

    private static string NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? "…" : text;
}
