using System.Buffers;
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
/// <remarks>
/// Messages are written straight to UTF-8 as the request body carries them (one buffer for the
/// whole turn), not built as node trees first. Flex sizes are measured as LINE's limits are
/// documented against the JSON: with every non-ASCII letter escaped (the default encoder), which
/// is never less than what is sent, so a message measured to fit does fit.
/// </remarks>
public static class LineMessageRenderer
{
    public static IReadOnlyList<RenderedJson> Render(IReadOnlyList<OutboundMessage> messages)
    {
        var quickReplies = ReplyRendering.QuickReplies(messages);
        var output = new RenderedJsonWriter();
        for (var i = 0; i < messages.Count; i++)
        {
            RenderOne(output, messages[i], i == messages.Count - 1 ? quickReplies : []);
        }

        return output.Messages();
    }

    /// <param name="quickReplies">Carried by the last message this reply renders (empty: none).</param>
    private static void RenderOne(RenderedJsonWriter output, OutboundMessage message, IReadOnlyList<ReplyAction> quickReplies)
    {
        var w = output.Writer;
        switch (message)
        {
            case TextReply text:
                var pieces = TextFit.Split(NonEmpty(TextFit.Clean(text.Text)), LineLimits.TextLength);
                for (var i = 0; i < pieces.Count; i++)
                {
                    Text(w, pieces[i], i == pieces.Count - 1 ? quickReplies : []);
                    output.EndMessage();
                }

                return;
            case ProductCarouselReply carousel when carousel.Cards.Count > 0:
                Carousel(output, carousel, quickReplies);
                break;
            case ProductCarouselReply carousel:
                Text(w, NonEmpty(carousel.AltText), quickReplies);
                break;
            case ConfirmReply confirm:
                Confirm(w, confirm, quickReplies);
                break;
            case ImageReply image when IsSendableImage(image.OriginalUrl) && IsSendableImage(image.PreviewUrl):
                Image(w, image, quickReplies);
                break;
            case ImageReply image:
                Text(w, NonEmpty(TextFit.Truncate(image.AltText, LineLimits.TextLength)), quickReplies);
                break;
            case ButtonsReply buttons:
                Buttons(w, buttons, quickReplies);
                break;
            case ReceiptReply receipt:
                Receipt(output, receipt, quickReplies);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(message), message.GetType().Name, "Unknown reply type.");
        }

        output.EndMessage();
    }

    private static void Text(Utf8JsonWriter w, string text, IReadOnlyList<ReplyAction> quickReplies)
    {
        w.WriteStartObject();
        w.WriteString("type", "text");
        w.WriteString("text", text);
        End(w, quickReplies);
    }

    private static void Image(Utf8JsonWriter w, ImageReply image, IReadOnlyList<ReplyAction> quickReplies)
    {
        w.WriteStartObject();
        w.WriteString("type", "image");
        w.WriteString("originalContentUrl", image.OriginalUrl);
        w.WriteString("previewImageUrl", image.PreviewUrl);
        End(w, quickReplies);
    }

    private static void Confirm(Utf8JsonWriter w, ConfirmReply confirm, IReadOnlyList<ReplyAction> quickReplies) =>
        Template(w, "confirm", confirm.Text, LineLimits.ConfirmText, [confirm.Yes, confirm.No], quickReplies);

    /// <summary>A buttons template: text up to 160 characters (no title or picture), up to four actions.</summary>
    private static void Buttons(Utf8JsonWriter w, ButtonsReply reply, IReadOnlyList<ReplyAction> quickReplies) =>
        Template(w, "buttons", reply.Text, LineLimits.ButtonsText, reply.Buttons.Take(LineLimits.ButtonsActions), quickReplies);

    /// <summary>A template message: its text (also the alt text, each cut to its limit) and its actions.</summary>
    private static void Template(Utf8JsonWriter w, string type, string text, int textLimit, IEnumerable<ReplyAction> actions, IReadOnlyList<ReplyAction> quickReplies)
    {
        w.WriteStartObject();
        w.WriteString("type", "template");
        w.WriteString("altText", TextFit.Truncate(NonEmpty(text), LineLimits.AltText));
        w.WriteStartObject("template");
        w.WriteString("type", type);
        w.WriteString("text", TextFit.Truncate(NonEmpty(text), textLimit));
        w.WriteStartArray("actions");
        foreach (var action in actions)
        {
            Action(w, action, LineLimits.TemplateActionLabel);
        }

        w.WriteEndArray();
        w.WriteEndObject();
        End(w, quickReplies);
    }

    /// <summary>As many bubbles as fit in 50 KB (at most 12; the first always).</summary>
    private static void Carousel(RenderedJsonWriter output, ProductCarouselReply carousel, IReadOnlyList<ReplyAction> quickReplies)
    {
        var w = output.Writer;
        w.WriteStartObject();
        w.WriteString("type", "flex");
        w.WriteString("altText", TextFit.Truncate(NonEmpty(carousel.AltText), LineLimits.AltText));
        w.WriteStartObject("contents");
        w.WriteString("type", "carousel");
        w.WriteStartArray("contents");

        // The carousel's size is its wrapper plus its bubbles and the commas between them: each
        // bubble is measured once, not the whole carousel again for every bubble left out. When
        // the bubbles' sizes at most (from their texts' lengths) fit, none is measured at all:
        // every bubble is written, as the measuring would have found.
        var cards = carousel.Cards.Count <= LineLimits.FlexCarouselBubbles ? carousel.Cards : [.. carousel.Cards.Take(LineLimits.FlexCarouselBubbles)];
        var most = CarouselWrapperBytes - 1;
        foreach (var card in cards)
        {
            most += BubbleBytesAtMost(card) + 1;
        }

        var measure = most > LineLimits.FlexCarouselBytes;
        var size = CarouselWrapperBytes - 1;
        var fit = 0;
        foreach (var card in cards)
        {
            if (measure)
            {
                size += BubbleBytes(card) + 1;
                if (fit > 0 && size > LineLimits.FlexCarouselBytes)
                {
                    break;
                }
            }

            Bubble(w, card);
            fit++;
        }

        w.WriteEndArray();
        w.WriteEndObject();
        End(w, quickReplies);
    }

    /// <summary>A product bubble's size as LINE's limits count it (its JSON with non-ASCII letters escaped).</summary>
    public static int BubbleBytes(ProductCard card) => ByteCounter.Measure(card, Bubble);

    /// <summary>
    /// What <see cref="BubbleBytes"/> can be at most, from the lengths of the card's texts alone:
    /// the bubble with every optional part and one-letter texts, plus six bytes for each UTF-16 unit
    /// of the texts written (no unit escapes to more than <c>\uXXXX</c>). Never less than the
    /// measure (a property test holds it to that), a few times more for Thai.
    /// </summary>
    public static int BubbleBytesAtMost(ProductCard card)
    {
        var units = Math.Min(Length(card.Title), 200) + Length(card.PriceText);
        if (!string.IsNullOrWhiteSpace(card.Subtitle))
        {
            units += Math.Min(card.Subtitle.Length, 400);
        }

        if (card.ImageUrl is { } url && IsSendableImage(url))
        {
            units += url.Length;
        }

        foreach (var action in card.Actions.Take(3))
        {
            units += Math.Min(Length(action.Label), LineLimits.FlexActionLabel)
                + (action.Url is { } uri ? uri.Length : action.Payload.Length + Math.Min((action.DisplayText ?? action.Label)?.Length ?? 0, LineLimits.DisplayText));
        }

        return FullBubbleSkeletonBytes + 6 * units;

        static int Length(string? text) => string.IsNullOrWhiteSpace(text) ? 1 : text.Length;
    }

    /// <summary>A bubble with a picture, a subtitle and three postback buttons (the longest kind), every text one letter.</summary>
    private static readonly int FullBubbleSkeletonBytes = BubbleBytes(new ProductCard(
        "x", "x", "x", "https://x", [new ReplyAction("x", "x", "x"), new ReplyAction("x", "x", "x"), new ReplyAction("x", "x", "x")]));

    private static void Bubble(Utf8JsonWriter w, ProductCard card)
    {
        w.WriteStartObject();
        w.WriteString("type", "bubble");
        if (card.ImageUrl is { } url && IsSendableImage(url))
        {
            w.WriteStartObject("hero");
            w.WriteString("type", "image");
            w.WriteString("url", url);
            w.WriteString("size", "full");
            w.WriteString("aspectRatio", "1:1");
            w.WriteString("aspectMode", "cover");
            w.WriteEndObject();
        }

        StartBox(w, "body", spacing: "sm");
        FlexText(w, TextFit.Truncate(NonEmpty(card.Title), 200), size: "md", weight: "bold", wrap: true);
        if (!string.IsNullOrWhiteSpace(card.Subtitle))
        {
            FlexText(w, TextFit.Truncate(card.Subtitle, 400), size: "sm", color: "#666666", wrap: true);
        }

        FlexText(w, NonEmpty(card.PriceText), size: "lg", weight: "bold", color: "#06C755");
        EndBox(w);

        if (card.Actions.Count > 0)
        {
            StartBox(w, "footer", spacing: "sm");
            var index = 0;
            foreach (var action in card.Actions.Take(3))
            {
                w.WriteStartObject();
                w.WriteString("type", "button");
                w.WriteString("style", index++ == 0 ? "primary" : "secondary");
                w.WriteString("height", "sm");
                w.WritePropertyName("action");
                Action(w, action, LineLimits.FlexActionLabel);
                w.WriteEndObject();
            }

            EndBox(w);
        }

        w.WriteEndObject();
    }

    /// <summary>
    /// A receipt bubble: title, order number and time, one row per line, the sums, the total and
    /// the payment method. Rows beyond what fits in 30 KB are summed into one "… more" row.
    /// </summary>
    private static void Receipt(RenderedJsonWriter output, ReceiptReply receipt, IReadOnlyList<ReplyAction> quickReplies)
    {
        var shown = receipt.Lines.Count;
        while (shown > 1 && ByteCounter.Measure((receipt, shown), static (w, r) => ReceiptBubble(w, r.receipt, r.shown)) > LineLimits.FlexBubbleBytes)
        {
            shown = Math.Max(1, shown * 3 / 4);
        }

        var w = output.Writer;
        w.WriteStartObject();
        w.WriteString("type", "flex");
        w.WriteString("altText", TextFit.Truncate(NonEmpty(receipt.AltText), LineLimits.AltText));
        w.WritePropertyName("contents");
        ReceiptBubble(w, receipt, shown);
        End(w, quickReplies);
    }

    private static void ReceiptBubble(Utf8JsonWriter w, ReceiptReply receipt, int shown)
    {
        w.WriteStartObject();
        w.WriteString("type", "bubble");
        StartBox(w, "body");
        FlexText(w, NonEmpty(receipt.Title), size: "sm", weight: "bold", color: "#06C755");
        FlexText(w, NonEmpty(receipt.OrderNumber), size: "xl", weight: "bold", margin: "md");
        FlexText(w, NonEmpty(receipt.PaidAtText), size: "xs", color: "#aaaaaa", wrap: true);
        Separator(w);

        StartBox(w, null, spacing: "sm", margin: "lg");
        foreach (var line in receipt.Lines.Take(shown))
        {
            Row(w, $"{TextFit.Truncate(line.Name, 60)} × {line.Quantity}", Baht(line.AmountSatang));
        }

        if (shown < receipt.Lines.Count)
        {
            var rest = receipt.Lines.Skip(shown).ToList();
            Row(w, $"… +{rest.Count}", Baht(rest.Sum(l => l.AmountSatang)));
        }

        foreach (var amount in receipt.Amounts)
        {
            Row(w, amount.Label, amount.Kind == ReceiptAmountKind.Discount ? "−" + Baht(amount.Satang) : Baht(amount.Satang));
        }

        EndBox(w);
        Separator(w);
        StartBox(w, null, spacing: "sm", margin: "lg");
        Row(w, receipt.Total.Label, Baht(receipt.Total.Satang), strong: true);
        Row(w, receipt.PaymentMethod, NonEmpty(receipt.RecipientName));
        EndBox(w);
        if (!string.IsNullOrWhiteSpace(receipt.Footer))
        {
            FlexText(w, TextFit.Truncate(receipt.Footer, 300), size: "xs", color: "#aaaaaa", margin: "lg", wrap: true);
        }

        EndBox(w);
        w.WriteEndObject();

        static void Row(Utf8JsonWriter w, string left, string right, bool strong = false)
        {
            w.WriteStartObject();
            w.WriteString("type", "box");
            w.WriteString("layout", "horizontal");
            w.WriteStartArray("contents");
            FlexText(w, NonEmpty(left), size: "sm", weight: strong ? "bold" : "regular", color: strong ? "#111111" : "#555555", flex: 0, wrap: true);
            FlexText(w, NonEmpty(right), size: "sm", weight: strong ? "bold" : "regular", color: "#111111", align: "end");
            w.WriteEndArray();
            w.WriteEndObject();
        }

        static void Separator(Utf8JsonWriter w)
        {
            w.WriteStartObject();
            w.WriteString("type", "separator");
            w.WriteString("margin", "lg");
            w.WriteEndObject();
        }
    }

    /// <summary>A vertical box, as a property (<paramref name="name"/>) or an array item (null), its contents left open.</summary>
    private static void StartBox(Utf8JsonWriter w, string? name, string? spacing = null, string? margin = null)
    {
        if (name is null)
        {
            w.WriteStartObject();
        }
        else
        {
            w.WriteStartObject(name);
        }

        w.WriteString("type", "box");
        w.WriteString("layout", "vertical");
        if (margin is not null)
        {
            w.WriteString("margin", margin);
        }

        if (spacing is not null)
        {
            w.WriteString("spacing", spacing);
        }

        w.WriteStartArray("contents");
    }

    private static void EndBox(Utf8JsonWriter w)
    {
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void FlexText(Utf8JsonWriter w, string text, string size, string? weight = null, string? color = null, string? margin = null, string? align = null, int? flex = null, bool wrap = false)
    {
        w.WriteStartObject();
        w.WriteString("type", "text");
        w.WriteString("text", text);
        w.WriteString("size", size);
        if (weight is not null)
        {
            w.WriteString("weight", weight);
        }

        if (color is not null)
        {
            w.WriteString("color", color);
        }

        if (margin is not null)
        {
            w.WriteString("margin", margin);
        }

        if (align is not null)
        {
            w.WriteString("align", align);
        }

        if (flex is { } f)
        {
            w.WriteNumber("flex", f);
        }

        if (wrap)
        {
            w.WriteBoolean("wrap", true);
        }

        w.WriteEndObject();
    }

    private static string Baht(long satang) => new Domain.Catalog.Money(satang).ToDisplay();

    /// <summary>Closes a message, with the quick replies it carries.</summary>
    private static void End(Utf8JsonWriter w, IReadOnlyList<ReplyAction> quickReplies)
    {
        if (quickReplies.Count > 0)
        {
            w.WriteStartObject("quickReply");
            w.WriteStartArray("items");
            foreach (var action in quickReplies.Take(LineLimits.QuickReplyItems))
            {
                w.WriteStartObject();
                w.WriteString("type", "action");
                w.WritePropertyName("action");
                Action(w, action, LineLimits.QuickReplyLabel);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void Action(Utf8JsonWriter w, ReplyAction action, int labelLimit)
    {
        var label = TextFit.Truncate(NonEmpty(action.Label), labelLimit);
        if (action.Url is { } url)
        {
            w.WriteStartObject();
            w.WriteString("type", "uri");
            w.WriteString("label", label);
            w.WriteString("uri", url);
            w.WriteEndObject();
            return;
        }

        if (action.Payload.Length > LineLimits.PostbackData)
        {
            throw new ArgumentException($"Postback data over {LineLimits.PostbackData} characters: '{action.Payload[..40]}…'.", nameof(action));
        }

        w.WriteStartObject();
        w.WriteString("type", "postback");
        w.WriteString("label", label);
        w.WriteString("data", action.Payload);
        w.WriteString("displayText", TextFit.Truncate(action.DisplayText ?? action.Label, LineLimits.DisplayText));
        w.WriteEndObject();
    }

    public static bool IsSendableImage(string? url) =>
        url is { Length: > 0 and <= LineLimits.ImageUrlLength }
        && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps;

    /// <summary>A flex part's size as its limits count it: its JSON with non-ASCII letters escaped.</summary>
    public static int ByteSize(JsonNode node) => JsonSerializer.SerializeToUtf8Bytes(node).Length;

    /// <summary><c>{"type":"carousel","contents":[]}</c>: what a carousel adds around its bubbles.</summary>
    private static readonly int CarouselWrapperBytes = ByteSize(new JsonObject { ["type"] = "carousel", ["contents"] = new JsonArray() });

    private static string NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? "…" : text;

    /// <summary>
    /// Counts the bytes written to it, into one scratch array written over again. A thread keeps
    /// one with its writer: measuring is synchronous and never nested, and a counter and writer
    /// for each render cost a 4 KB array and a writer of every reply with a carousel or receipt.
    /// </summary>
    private sealed class ByteCounter : IBufferWriter<byte>
    {
        [ThreadStatic]
        private static ByteCounter? _kept;

        private readonly Utf8JsonWriter _writer;
        private byte[] _scratch = new byte[4096];

        private ByteCounter() => _writer = new Utf8JsonWriter(this);

        /// <summary>The bytes <paramref name="write"/> makes with the default encoder (see <see cref="ByteSize"/>), counted without keeping them.</summary>
        public static int Measure<T>(T state, Action<Utf8JsonWriter, T> write)
        {
            var counter = _kept ??= new ByteCounter();
            counter.Count = 0;
            counter._writer.Reset();
            write(counter._writer, state);
            counter._writer.Flush();
            return counter.Count;
        }

        public int Count { get; set; }

        public void Advance(int count) => Count += count;

        public Memory<byte> GetMemory(int sizeHint = 0) => Scratch(sizeHint);

        public Span<byte> GetSpan(int sizeHint = 0) => Scratch(sizeHint).Span;

        private Memory<byte> Scratch(int sizeHint)
        {
            if (sizeHint > _scratch.Length)
            {
                _scratch = new byte[Math.Max(sizeHint, _scratch.Length * 2)];
            }

            return _scratch;
        }
    }
}
