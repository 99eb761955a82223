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
        ButtonsReply buttons => [Buttons(buttons)],
        ReceiptReply receipt => [Receipt(receipt)],
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
        // The carousel's size is its wrapper plus its bubbles and the commas between them: each
        // bubble is measured once, not the whole carousel again for every bubble left out.
        var size = CarouselWrapperBytes - 1;
        var fit = 0;
        foreach (var bubble in bubbles)
        {
            size += ByteSize(bubble) + 1;
            if (fit > 0 && size > LineLimits.FlexCarouselBytes)
            {
                break;
            }

            fit++;
        }

        bubbles.RemoveRange(fit, bubbles.Count - fit);

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

    /// <summary>A buttons template: text up to 160 characters (no title or picture), up to four actions.</summary>
    private static JsonObject Buttons(ButtonsReply reply) => new()
    {
        ["type"] = "template",
        ["altText"] = TextFit.Truncate(NonEmpty(reply.Text), LineLimits.AltText),
        ["template"] = new JsonObject
        {
            ["type"] = "buttons",
            ["text"] = TextFit.Truncate(NonEmpty(reply.Text), LineLimits.ButtonsText),
            ["actions"] = new JsonArray([.. reply.Buttons.Take(LineLimits.ButtonsActions).Select(b => (JsonNode)Action(b, LineLimits.TemplateActionLabel))]),
        },
    };

    /// <summary>
    /// A receipt bubble: title, order number and time, one row per line, the sums, the total and
    /// the payment method. Rows beyond what fits in 30 KB are summed into one "… more" row.
    /// </summary>
    private static JsonObject Receipt(ReceiptReply receipt)
    {
        var shown = receipt.Lines.Count;
        JsonObject bubble;
        while (true)
        {
            bubble = ReceiptBubble(receipt, shown);
            if (shown <= 1 || ByteSize(bubble) <= LineLimits.FlexBubbleBytes)
            {
                break;
            }

            shown = Math.Max(1, shown * 3 / 4);
        }

        return new JsonObject
        {
            ["type"] = "flex",
            ["altText"] = TextFit.Truncate(NonEmpty(receipt.AltText), LineLimits.AltText),
            ["contents"] = bubble,
        };
    }

    private static JsonObject ReceiptBubble(ReceiptReply receipt, int shown)
    {
        static JsonObject Row(string left, string right, bool strong = false) => new()
        {
            ["type"] = "box",
            ["layout"] = "horizontal",
            ["contents"] = new JsonArray
            {
                new JsonObject { ["type"] = "text", ["text"] = NonEmpty(left), ["size"] = "sm", ["color"] = strong ? "#111111" : "#555555", ["weight"] = strong ? "bold" : "regular", ["flex"] = 0, ["wrap"] = true },
                new JsonObject { ["type"] = "text", ["text"] = NonEmpty(right), ["size"] = "sm", ["color"] = "#111111", ["weight"] = strong ? "bold" : "regular", ["align"] = "end" },
            },
        };

        var contents = new JsonArray
        {
            new JsonObject { ["type"] = "text", ["text"] = NonEmpty(receipt.Title), ["weight"] = "bold", ["color"] = "#06C755", ["size"] = "sm" },
            new JsonObject { ["type"] = "text", ["text"] = NonEmpty(receipt.OrderNumber), ["weight"] = "bold", ["size"] = "xl", ["margin"] = "md" },
            new JsonObject { ["type"] = "text", ["text"] = NonEmpty(receipt.PaidAtText), ["size"] = "xs", ["color"] = "#aaaaaa", ["wrap"] = true },
            new JsonObject { ["type"] = "separator", ["margin"] = "lg" },
        };
        var rows = new JsonArray();
        foreach (var line in receipt.Lines.Take(shown))
        {
            rows.Add(Row($"{TextFit.Truncate(line.Name, 60)} × {line.Quantity}", Baht(line.AmountSatang)));
        }

        if (shown < receipt.Lines.Count)
        {
            var rest = receipt.Lines.Skip(shown).ToList();
            rows.Add(Row($"… +{rest.Count}", Baht(rest.Sum(l => l.AmountSatang))));
        }

        foreach (var amount in receipt.Amounts)
        {
            rows.Add(Row(amount.Label, amount.Kind == ReceiptAmountKind.Discount ? "−" + Baht(amount.Satang) : Baht(amount.Satang)));
        }

        contents.Add(new JsonObject { ["type"] = "box", ["layout"] = "vertical", ["margin"] = "lg", ["spacing"] = "sm", ["contents"] = rows });
        contents.Add(new JsonObject { ["type"] = "separator", ["margin"] = "lg" });
        contents.Add(new JsonObject { ["type"] = "box", ["layout"] = "vertical", ["margin"] = "lg", ["spacing"] = "sm", ["contents"] = new JsonArray
        {
            Row(receipt.Total.Label, Baht(receipt.Total.Satang), strong: true),
            Row(receipt.PaymentMethod, NonEmpty(receipt.RecipientName)),
        } });
        if (!string.IsNullOrWhiteSpace(receipt.Footer))
        {
            contents.Add(new JsonObject { ["type"] = "text", ["text"] = TextFit.Truncate(receipt.Footer, 300), ["size"] = "xs", ["color"] = "#aaaaaa", ["margin"] = "lg", ["wrap"] = true });
        }

        return new JsonObject
        {
            ["type"] = "bubble",
            ["body"] = new JsonObject { ["type"] = "box", ["layout"] = "vertical", ["contents"] = contents },
        };
    }

    private static string Baht(long satang) => new Domain.Catalog.Money(satang).ToDisplay();

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

    /// <summary><c>{"type":"carousel","contents":[]}</c>: what a carousel adds around its bubbles.</summary>
    private static readonly int CarouselWrapperBytes = ByteSize(new JsonObject { ["type"] = "carousel", ["contents"] = new JsonArray() });

    private static string NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? "…" : text;
}
