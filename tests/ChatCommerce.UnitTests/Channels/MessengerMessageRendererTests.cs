using ChatCommerce.Channels.Messenger;
using ChatCommerce.Domain.Replies;
using ChatCommerce.UnitTests.Support;

namespace ChatCommerce.UnitTests.Channels;

public sealed class MessengerMessageRendererTests
{
    private static ReplyAction Action(int i) => new($"a long button label number {i}", "p:" + i);

    [Fact]
    public void LongTextIsSplitUnderTwoThousandCharacters()
    {
        var rendered = RenderedMessenger.Of([new TextReply(string.Concat(Enumerable.Repeat("hello world ", 700)))]);
        Assert.True(rendered.Count >= 4);
        Assert.All(rendered, m => Assert.InRange(((string)m["text"]!).Length, 1, MessengerLimits.TextLength));
    }

    [Fact]
    public void QuickRepliesAreCutToThirteenWithShortTitles()
    {
        var m = Assert.Single(RenderedMessenger.Of([new TextReply("pick") { QuickReplies = [.. Enumerable.Range(0, 20).Select(Action)] }]));
        var quickReplies = m["quick_replies"]!.AsArray();
        Assert.Equal(MessengerLimits.QuickReplies, quickReplies.Count);
        Assert.All(quickReplies, q => Assert.InRange(((string)q!["title"]!).Length, 1, MessengerLimits.QuickReplyTitle));
    }

    [Fact]
    public void CarouselIsAGenericTemplateOfAtMostTenElements()
    {
        var cards = Enumerable.Range(0, 15).Select(i => new ProductCard(new string('n', 120), new string('s', 120), "฿99", "https://x.example/a.png", [.. Enumerable.Range(0, 5).Select(Action)])).ToList();
        var payload = Assert.Single(RenderedMessenger.Of([new ProductCarouselReply("alt", cards)]))["attachment"]!["payload"]!;
        Assert.Equal("generic", (string?)payload["template_type"]);
        var elements = payload["elements"]!.AsArray();
        Assert.Equal(MessengerLimits.GenericElements, elements.Count);
        Assert.All(elements, e =>
        {
            Assert.InRange(((string)e!["title"]!).Length, 1, MessengerLimits.ElementTitle);
            Assert.InRange(((string)e["subtitle"]!).Length, 1, MessengerLimits.ElementSubtitle);
            Assert.Equal(MessengerLimits.ElementButtons, e["buttons"]!.AsArray().Count);
            Assert.All(e["buttons"]!.AsArray(), b => Assert.InRange(((string)b!["title"]!).Length, 1, MessengerLimits.ButtonTitle));
        });
    }

    [Fact]
    public void ConfirmIsAButtonTemplateUnderSixHundredForty()
    {
        var payload = Assert.Single(RenderedMessenger.Of([new ConfirmReply(new string('x', 900), new ReplyAction("Yes", "y"), new ReplyAction("No", "n"))]))["attachment"]!["payload"]!;
        Assert.Equal("button", (string?)payload["template_type"]);
        Assert.InRange(((string)payload["text"]!).Length, 1, MessengerLimits.ButtonTemplateText);
        Assert.Equal(2, payload["buttons"]!.AsArray().Count);
    }

    [Fact]
    public void ImageIsAnImageAttachment()
    {
        var m = Assert.Single(RenderedMessenger.Of([new ImageReply("https://x.example/qr.png", "https://x.example/qr-s.png", "QR")]));
        Assert.Equal("image", (string?)m["attachment"]!["type"]);
        Assert.Equal("https://x.example/qr.png", (string?)m["attachment"]!["payload"]!["url"]);
    }

    [Fact]
    public void EmptyCarouselFallsBackToText() =>
        Assert.Equal("none yet", (string?)Assert.Single(RenderedMessenger.Of([new ProductCarouselReply("none yet", [])]))["text"]);

    [Fact]
    public void EachPartCarriesItsDeliveryMarkerAndOnlyTheLastTheQuickReplies()
    {
        var rendered = RenderedMessenger.Of(
            [new TextReply(string.Concat(Enumerable.Repeat("สวัสดีค่ะ ", 300))), new ImageReply("https://x.example/qr.png", "https://x.example/qr-s.png", "QR") { QuickReplies = [Action(1), Action(2)] }],
            seed: "0199aa00bb11cc22dd33ee44ff556677");

        Assert.True(rendered.Count >= 3);
        Assert.Equal(
            Enumerable.Range(0, rendered.Count).Select(i => MessengerChannelGateway.Metadata("0199aa00bb11cc22dd33ee44ff556677", i)),
            rendered.Select(m => (string?)m["metadata"]));
        Assert.Equal(2, rendered[^1]["quick_replies"]!.AsArray().Count);
        Assert.All(rendered.SkipLast(1), m => Assert.Null(m["quick_replies"]));
        Assert.All(RenderedMessenger.Of([new TextReply("hi")]), m => Assert.Null(m["metadata"]));
    }

    /// <summary>The bytes sent, as the tree-built renderer before sent them (Thai as it is, only what JSON requires escaped).</summary>
    [Fact]
    public void TheBytesSentAreExactlyTheMessagesJson()
    {
        var rendered = MessengerMessageRenderer.Render(
            [
                new TextReply("สวัสดีค่ะ \"quoted\" <b>") { QuickReplies = [new ReplyAction("ดูสินค้า", "browse"), new ReplyAction("ลิงก์", "", Url: "https://x.example")] },
                new ImageReply("https://x.example/qr.png", "https://x.example/qr-s.png", "QR"),
            ],
            "seed-abc");

        Assert.Equal(
            [
                """{"text":"สวัสดีค่ะ \"quoted\" <b>","metadata":"cc:seed-abc#0"}""",
                """{"attachment":{"type":"image","payload":{"url":"https://x.example/qr.png","is_reusable":true}},"quick_replies":[{"content_type":"text","title":"ดูสินค้า","payload":"browse"}],"metadata":"cc:seed-abc#1"}""",
            ],
            rendered.Select(m => m.ToString()));
        using var body = MessengerApiClient.SendBody("6543210987654321", rendered[0], "RESPONSE", "HUMAN_AGENT");
        using var copy = new MemoryStream();
        body.CopyTo(copy, null, CancellationToken.None);
        Assert.Equal(
            """{"recipient":{"id":"6543210987654321"},"messaging_type":"RESPONSE","message":{"text":"สวัสดีค่ะ \"quoted\" <b>","metadata":"cc:seed-abc#0"},"tag":"HUMAN_AGENT"}""",
            System.Text.Encoding.UTF8.GetString(copy.ToArray()));
    }

    [Fact]
    public void GraphErrorsAreClassified()
    {
        Assert.True(MessengerApiError.TryParse("""{"error":{"message":"m","type":"OAuthException","code":10,"error_subcode":2018278,"fbtrace_id":"A"}}""")!.IsOutsideWindow);
        Assert.True(MessengerApiError.TryParse("""{"error":{"message":"m","code":613}}""")!.IsRateLimit);
        Assert.True(MessengerApiError.TryParse("""{"error":{"message":"m","code":551}}""")!.IsUserUnavailable);
        Assert.True(MessengerApiError.TryParse("""{"error":{"message":"m","code":10,"error_subcode":2018300}}""")!.IsThreadOwnedElsewhere);
        Assert.Null(MessengerApiError.TryParse("<html>"));
    }
}
