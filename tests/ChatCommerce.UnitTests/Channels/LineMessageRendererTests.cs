using System.Text.Json.Nodes;
using ChatCommerce.Channels.Line;
using ChatCommerce.Domain.Replies;
using ChatCommerce.FakePlatforms.Line;
using ChatCommerce.UnitTests.OpenApi;
using ChatCommerce.UnitTests.Support;

namespace ChatCommerce.UnitTests.Channels;

public sealed class LineMessageRendererTests
{
    private static readonly Lazy<SchemaValidator> Spec = new(() => new SchemaValidator(OpenApiDocument.Load(SharedFiles.LineOpenApi("messaging-api.yml"))));

    /// <summary>Every rendered message must pass LINE's OpenAPI schema and the fake platform's limits.</summary>
    private static IReadOnlyList<JsonObject> RenderValid(params OutboundMessage[] messages)
    {
        var rendered = RenderedLine.Of(messages);
        foreach (var message in rendered)
        {
            Assert.Empty(Spec.Value.Validate(message, "Message"));
        }

        foreach (var batch in rendered.Chunk(LineLimits.MessagesPerCall))
        {
            var request = new JsonObject { ["replyToken"] = "t", ["messages"] = new JsonArray([.. batch.Select(m => m.DeepClone())]) };
            Assert.Empty(Spec.Value.Validate(request, "ReplyMessageRequest"));
            Assert.Empty(LineMessageRules.Check(request["messages"]));
        }

        return rendered;
    }

    private static ReplyAction Action(int i) => new($"ปุ่มที่มีชื่อยาวมากเกินขีดจำกัด {i}", "p:" + i);

    private static ProductCard Card(int i, string? image = "https://shop.example/media/products/a.png") =>
        new($"สินค้าหมายเลข {i}", "เหลือ 5 ชิ้น", "฿259", image, [new ReplyAction("รายละเอียด", "product:" + i), new ReplyAction("ใส่ตะกร้า", "add:" + i)]);

    [Fact]
    public void TextBecomesATextMessage()
    {
        var m = Assert.Single(RenderValid(new TextReply("สวัสดีค่ะ")));
        Assert.Equal("text", (string?)m["type"]);
        Assert.Equal("สวัสดีค่ะ", (string?)m["text"]);
    }

    [Fact]
    public void LongTextIsSplitIntoMessagesWithinTheLimit()
    {
        var text = string.Concat(Enumerable.Repeat("สินค้าดีราคาถูก ", 1000));
        var rendered = RenderValid(new TextReply(text));
        Assert.True(rendered.Count >= 3);
        Assert.All(rendered, m => Assert.InRange(((string)m["text"]!).Length, 1, LineLimits.TextLength));
    }

    [Fact]
    public void EmptyTextStillSendsSomethingLineAccepts() =>
        Assert.Single(RenderValid(new TextReply("  ")));

    [Fact]
    public void QuickRepliesGoOnTheLastMessageCutToThirteenWithShortLabels()
    {
        var rendered = RenderValid(
            new TextReply("one") { QuickReplies = [Action(0)] },
            new TextReply("two") { QuickReplies = [.. Enumerable.Range(0, 20).Select(Action)] });
        Assert.Null(rendered[0]["quickReply"]);
        var items = rendered[^1]["quickReply"]!["items"]!.AsArray();
        Assert.Equal(LineLimits.QuickReplyItems, items.Count);
        Assert.All(items, i => Assert.InRange(((string)i!["action"]!["label"]!).Length, 1, LineLimits.QuickReplyLabel));
    }

    [Fact]
    public void MessagesAreWrittenAsTheBodyCarriesThemWithThaiUnescaped()
    {
        var rendered = LineMessageRenderer.Render([new TextReply("ราคา <฿259> & \"ส่งฟรี\"")]);
        Assert.Equal("""{"type":"text","text":"ราคา <฿259> & \"ส่งฟรี\""}""", Assert.Single(rendered).ToString());
    }

    [Fact]
    public void QuickRepliesGoOnTheLastPieceOfASplitTextAndNotBefore()
    {
        var text = string.Concat(Enumerable.Repeat("ข้อความยาว ", 1000));
        var rendered = RenderValid(new TextReply(text) { QuickReplies = [Action(1), new ReplyAction("เว็บ", "", Url: "https://shop.example/")] });
        Assert.True(rendered.Count >= 2);
        Assert.All(rendered.SkipLast(1), m => Assert.Null(m["quickReply"]));
        // The link cannot be a quick reply: only the postback stays.
        Assert.Equal("p:1", (string?)Assert.Single(rendered[^1]["quickReply"]!["items"]!.AsArray())!["action"]!["data"]);
    }

    [Fact]
    public void CarouselKeepsToTwelveBubbles()
    {
        var m = Assert.Single(RenderValid(new ProductCarouselReply("สินค้าแนะนำ", [.. Enumerable.Range(0, 20).Select(i => Card(i))])));
        Assert.Equal("flex", (string?)m["type"]);
        Assert.Equal(LineLimits.FlexCarouselBubbles, m["contents"]!["contents"]!.AsArray().Count);
    }

    [Fact]
    public void CarouselKeepsUnderFiftyKilobytes()
    {
        var huge = new string('ก', 400);
        var cards = Enumerable.Range(0, 12).Select(i => new ProductCard(huge + i, huge, "฿1", "https://shop.example/" + new string('x', 1900), [.. Enumerable.Range(0, 3).Select(Action)])).ToList();
        var m = Assert.Single(RenderValid(new ProductCarouselReply(new string('a', 3000), cards)));
        var size = LineMessageRenderer.ByteSize(m["contents"]!);
        Assert.InRange(size, 1, LineLimits.FlexCarouselBytes);
        Assert.InRange(((string)m["altText"]!).Length, 1, LineLimits.AltText);

        // As many bubbles as fit: one more (even the smallest, the first) would not.
        var bubbles = m["contents"]!["contents"]!.AsArray();
        Assert.InRange(bubbles.Count, 2, cards.Count - 1);
        Assert.True(size + LineMessageRenderer.ByteSize(bubbles[0]!) + 1 > LineLimits.FlexCarouselBytes);
    }

    [Fact]
    public void ImagesThatAreNotHttpsAreLeftOutOfCards()
    {
        var m = Assert.Single(RenderValid(new ProductCarouselReply("x", [Card(1, "http://insecure.example/a.png"), Card(2, null), Card(3)])));
        var bubbles = m["contents"]!["contents"]!.AsArray();
        Assert.Null(bubbles[0]!["hero"]);
        Assert.Null(bubbles[1]!["hero"]);
        Assert.NotNull(bubbles[2]!["hero"]);
    }

    [Fact]
    public void ConfirmBecomesAConfirmTemplateWithinLimits()
    {
        var m = Assert.Single(RenderValid(new ConfirmReply(new string('ย', 500), new ReplyAction("ยืนยันคำสั่งซื้อเลยค่ะตอนนี้", "order:confirm"), new ReplyAction("ยกเลิก", "order:cancel"))));
        Assert.Equal("confirm", (string?)m["template"]!["type"]);
        Assert.InRange(((string)m["template"]!["text"]!).Length, 1, LineLimits.ConfirmText);
    }

    [Fact]
    public void ImageRequiresHttpsOtherwiseAltTextIsSent()
    {
        Assert.Equal("image", (string?)Assert.Single(RenderValid(new ImageReply("https://a.example/o.jpg", "https://a.example/p.jpg", "QR"))) ["type"]);
        Assert.Equal("text", (string?)Assert.Single(RenderValid(new ImageReply("http://a.example/o.jpg", "http://a.example/p.jpg", "QR"))) ["type"]);
    }

    [Fact]
    public void TooLongPostbackDataIsRefusedNotSent() =>
        Assert.Throws<ArgumentException>(() => LineMessageRenderer.Render([new TextReply("x") { QuickReplies = [new ReplyAction("a", new string('d', 301))] }]));

    [Fact]
    public void RetryKeyIsAStableVersionFourUuidPerTurnAndBatch()
    {
        var first = LineChannelGateway.RetryKey("Line:01FZ", 0);
        Assert.Equal(first, LineChannelGateway.RetryKey("Line:01FZ", 0));
        Assert.NotEqual(first, LineChannelGateway.RetryKey("Line:01FZ", 1));
        Assert.NotEqual(first, LineChannelGateway.RetryKey("Line:01GA", 0));
        Assert.Equal('4', first.ToString()[14]);
        Assert.Contains(first.ToString()[19], "89ab");
    }
}
