using System.Text;
using ChatCommerce.Channels.Common;
using ChatCommerce.Channels.Line;
using ChatCommerce.Domain.Messaging;

namespace ChatCommerce.UnitTests.Channels;

public sealed class LineWebhookParserTests
{
    private const string User = "U4af4980629";

    private static InboundEvent Single(string eventJson)
    {
        var webhook = LineWebhookParser.Parse(Encoding.UTF8.GetBytes($$"""{"destination":"Uxxx","events":[{{eventJson}}]}"""));
        return Assert.Single(webhook.Events);
    }

    private static string Common(string type, string extra, string source = $$"""{"type":"user","userId":"{{User}}"}""", string mode = "active") =>
        $$"""{"type":"{{type}}","mode":"{{mode}}","timestamp":1462629479859,"source":{{source}},"webhookEventId":"01FZ74A0TDDPYRVKNK77XKC3ZR","deliveryContext":{"isRedelivery":false}{{extra}}}""";

    [Fact]
    public void EmptyEventsIsTheVerifyCall()
    {
        var webhook = LineWebhookParser.Parse(Encoding.UTF8.GetBytes("""{"destination":"U8e742f61d673b39c7fff3cecb7536ef0","events":[]}"""));
        Assert.Empty(webhook.Events);
        Assert.Equal("U8e742f61d673b39c7fff3cecb7536ef0", webhook.Destination);
    }

    [Fact]
    public void TextMessageCarriesTextTokensAndIds()
    {
        var e = Single(Common("message", ""","replyToken":"rt1","message":{"id":"444573844083572737","type":"text","quoteToken":"q","markAsReadToken":"mr","text":"เอาเสื้อยืดสีดำ 2 ตัว","emojis":[{"index":0,"productId":"p","emojiId":"001"}]}"""));
        Assert.Equal(InboundEventKind.Message, e.Kind);
        Assert.Equal(MessageContentType.Text, e.ContentType);
        Assert.Equal("เอาเสื้อยืดสีดำ 2 ตัว", e.Text);
        Assert.Equal("rt1", e.ReplyToken);
        Assert.Equal("444573844083572737", e.MessageId);
        Assert.Equal("mr", e.MarkAsReadToken);
        Assert.Equal("01FZ74A0TDDPYRVKNK77XKC3ZR", e.EventId);
        Assert.Equal(new ConversationKey(Channel.Line, User), e.Conversation);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1462629479859), e.Timestamp);
        Assert.False(e.IsStandby);
        Assert.False(e.IsRedelivery);
    }

    [Theory]
    [InlineData("image", MessageContentType.Image)]
    [InlineData("video", MessageContentType.Video)]
    [InlineData("audio", MessageContentType.Audio)]
    [InlineData("file", MessageContentType.File)]
    [InlineData("sticker", MessageContentType.Sticker)]
    [InlineData("somethingNew", MessageContentType.Other)]
    public void MediaMessagesKeepTheirType(string type, MessageContentType expected)
    {
        var e = Single(Common("message", $$""","replyToken":"rt","message":{"id":"1","type":"{{type}}","contentProvider":{"type":"line"},"packageId":"1","stickerId":"2","fileName":"a.pdf"}"""));
        Assert.Equal(InboundEventKind.Message, e.Kind);
        Assert.Equal(expected, e.ContentType);
    }

    [Fact]
    public void ExternalImageKeepsItsUrl()
    {
        var e = Single(Common("message", ""","message":{"id":"1","type":"image","contentProvider":{"type":"external","originalContentUrl":"https://example.com/a.jpg"}}"""));
        Assert.Equal("https://example.com/a.jpg", e.MediaUrl);
    }

    [Fact]
    public void LocationMessageKeepsCoordinates()
    {
        var e = Single(Common("message", ""","message":{"id":"1","type":"location","title":"บ้าน","address":"กรุงเทพฯ 10110","latitude":13.7563,"longitude":100.5018}"""));
        Assert.Equal(MessageContentType.Location, e.ContentType);
        Assert.Equal(new InboundLocation("บ้าน", "กรุงเทพฯ 10110", 13.7563, 100.5018), e.Location);
    }

    [Fact]
    public void PostbackKeepsDataAndParams()
    {
        var e = Single(Common("postback", ""","replyToken":"rt","postback":{"data":"menu:products","params":{"datetime":"2026-11-23T10:00"}}"""));
        Assert.Equal(InboundEventKind.Postback, e.Kind);
        Assert.Equal("menu:products", e.Payload);
        Assert.Equal("2026-11-23T10:00", e.PostbackParams!["datetime"]);
    }

    [Theory]
    [InlineData("follow", ""","replyToken":"rt","follow":{"isUnblocked":true}""", InboundEventKind.Follow)]
    [InlineData("unfollow", "", InboundEventKind.Unfollow)]
    [InlineData("join", ""","replyToken":"rt" """, InboundEventKind.Join)]
    [InlineData("leave", "", InboundEventKind.Leave)]
    [InlineData("memberJoined", ""","replyToken":"rt","joined":{"members":[{"type":"user","userId":"U2"}]}""", InboundEventKind.MemberJoined)]
    [InlineData("memberLeft", ""","left":{"members":[{"type":"user","userId":"U2"}]}""", InboundEventKind.MemberLeft)]
    [InlineData("beacon", ""","replyToken":"rt","beacon":{"hwid":"d41d8cd98f","type":"enter"}""", InboundEventKind.Beacon)]
    [InlineData("accountLink", ""","replyToken":"rt","link":{"result":"ok","nonce":"n"}""", InboundEventKind.AccountLink)]
    [InlineData("videoPlayComplete", ""","replyToken":"rt","videoPlayComplete":{"trackingId":"t"}""", InboundEventKind.Unknown)]
    [InlineData("membership", ""","membership":{"type":"joined","membershipId":3}""", InboundEventKind.Unknown)]
    public void EveryEventTypeParsesAndUnknownOnesAreKept(string type, string extra, InboundEventKind expected)
    {
        var e = Single(Common(type, extra));
        Assert.Equal(expected, e.Kind);
        Assert.Equal(type, e.RawType);
        Assert.Contains(type, e.RawJson);
    }

    [Fact]
    public void UnsendNamesTheMessageToDelete()
    {
        var e = Single(Common("unsend", ""","unsend":{"messageId":"325708"}"""));
        Assert.Equal(InboundEventKind.Unsend, e.Kind);
        Assert.Equal("325708", e.TargetMessageId);
        Assert.Null(e.ReplyToken);
    }

    [Fact]
    public void GroupAndRoomEventsBelongToTheGroupOrRoom()
    {
        var group = Single(Common("message", ""","replyToken":"rt","message":{"id":"1","type":"text","text":"hi"}""", """{"type":"group","groupId":"Cgroup1","userId":"U1"}"""));
        Assert.Equal(new ConversationKey(Channel.Line, "Cgroup1"), group.Conversation);
        Assert.Equal("U1", group.SenderId);
        var room = Single(Common("message", ""","replyToken":"rt","message":{"id":"1","type":"text","text":"hi"}""", """{"type":"room","roomId":"Rroom1"}"""));
        Assert.Equal(new ConversationKey(Channel.Line, "Rroom1"), room.Conversation);
        Assert.Null(room.SenderId);
    }

    [Fact]
    public void StandbyModeAndRedeliveryAreFlagged()
    {
        var e = Single(Common("message", ""","message":{"id":"1","type":"text","text":"hi"}""", mode: "standby").Replace("\"isRedelivery\":false", "\"isRedelivery\":true"));
        Assert.True(e.IsStandby);
        Assert.True(e.IsRedelivery);
    }

    [Fact]
    public void EventWithoutIdGetsAStableContentHash()
    {
        const string body = """{"destination":"U","events":[{"type":"follow","timestamp":1,"source":{"type":"user","userId":"U1"}}]}""";
        var first = LineWebhookParser.Parse(Encoding.UTF8.GetBytes(body)).Events[0];
        var second = LineWebhookParser.Parse(Encoding.UTF8.GetBytes(body)).Events[0];
        Assert.StartsWith("h:", first.EventId);
        Assert.Equal(first.EventId, second.EventId);
    }

    [Fact]
    public void EventWithoutSourceIsKeptAsUnknown()
    {
        var e = Single("""{"type":"message","timestamp":1,"webhookEventId":"X","message":{"id":"1","type":"text","text":"hi"}}""");
        Assert.Equal(InboundEventKind.Unknown, e.Kind);
        Assert.Equal(LineWebhookParser.UnroutedChatId, e.Conversation.ChatId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"destination\":\"U\"}")]
    [InlineData("{\"events\":{}}")]
    [InlineData("{\"events\":[")]
    public void BodiesThatAreNotWebhooksAreRefused(string body) =>
        Assert.Throws<WebhookFormatException>(() => LineWebhookParser.Parse(Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void DeeplyNestedJsonIsRefusedNotOverflowed()
    {
        var body = "{\"events\":[" + new string('[', 5000) + new string(']', 5000) + "]}";
        Assert.Throws<WebhookFormatException>(() => LineWebhookParser.Parse(Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void NonObjectItemsInEventsAreSkipped()
    {
        var webhook = LineWebhookParser.Parse(Encoding.UTF8.GetBytes("""{"events":[1,"x",null,{"type":"unfollow","timestamp":5,"webhookEventId":"E","source":{"type":"user","userId":"U1"}}]}"""));
        Assert.Equal(InboundEventKind.Unfollow, Assert.Single(webhook.Events).Kind);
    }
}
