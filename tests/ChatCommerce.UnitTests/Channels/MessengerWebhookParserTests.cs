using System.Text;
using ChatCommerce.Channels.Common;
using ChatCommerce.Channels.Messenger;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Replies;

namespace ChatCommerce.UnitTests.Channels;

public sealed class MessengerWebhookParserTests
{
    private static IReadOnlyList<InboundEvent> Parse(string json) => MessengerWebhookParser.Parse(Encoding.UTF8.GetBytes(json));

    private static string Item(string psid, string field, string content) =>
        $$"""{"sender":{"id":"{{psid}}"},"recipient":{"id":"PAGE"},"timestamp":1700000000000,"{{field}}":{{content}}}""";

    private static string Body(string messaging, string? standby = null) =>
        $$"""{"object":"page","entry":[{"id":"PAGE","time":1700000000001,"messaging":[{{messaging}}]{{(standby is null ? "" : ",\"standby\":[" + standby + "]")}}}]}""";

    [Fact]
    public void TextMessageIsParsedWithMidAsId()
    {
        var e = Assert.Single(Parse(Body(Item("P1", "message", """{"mid":"m_1","text":"สวัสดี"}"""))));
        Assert.Equal(InboundEventKind.Message, e.Kind);
        Assert.Equal("m_1", e.EventId);
        Assert.Equal("สวัสดี", e.Text);
        Assert.Equal(new ConversationKey(Channel.Messenger, "P1"), e.Conversation);
        Assert.False(e.IsStandby);
    }

    [Fact]
    public void QuickReplyPayloadAndPostbackPayloadAreCarried()
    {
        var events = Parse(Body(Item("P1", "message", """{"mid":"m_1","text":"Products","quick_reply":{"payload":"menu:products"}}""")
            + "," + Item("P1", "postback", """{"mid":"m_2","title":"Details","payload":"product:TS-BLK"}""")));
        Assert.Equal("menu:products", events[0].Payload);
        Assert.Equal(InboundEventKind.Postback, events[1].Kind);
        Assert.Equal("product:TS-BLK", events[1].Payload);
        Assert.Equal("m_2", events[1].EventId);
    }

    [Fact]
    public void EchoesOfOurOwnSendsAreDroppedUnlessTheyCarryOurDeliveryMarker()
    {
        Assert.Empty(Parse(Body(Item("PAGE", "message", """{"mid":"m_e","is_echo":true,"app_id":1,"text":"hi"}"""))));
        Assert.Empty(Parse(Body(Item("PAGE", "message", """{"mid":"m_e","is_echo":true,"app_id":1,"metadata":"someone else's","text":"hi"}"""))));

        var receipt = Assert.Single(Parse(Body(Item("PAGE", "message", """{"mid":"m_r","is_echo":true,"app_id":1,"metadata":"cc:messenger:m_42#1","text":"hi"}"""))));
        Assert.Equal(InboundEventKind.Echo, receipt.Kind);
        Assert.Equal("m_r", receipt.EventId);
        Assert.Equal("cc:messenger:m_42#1", receipt.Payload);
        Assert.Null(receipt.SenderId);
        Assert.False(receipt.IsConversational);
        Assert.True(DeliveryMarker.TryParse(receipt.Payload, out var seed, out var part));
        Assert.Equal(("messenger:m_42", 1), (seed, part));
    }

    [Fact]
    public void DeliveryMarkersKeepTheirPartWithinTheLimit()
    {
        var marker = DeliveryMarker.Format(new string('s', 2000), 12, 1000);
        Assert.Equal(1000, marker.Length);
        Assert.True(DeliveryMarker.TryParse(marker, out _, out var part));
        Assert.Equal(12, part);
        Assert.False(DeliveryMarker.TryParse("cc:no-part", out _, out _));
        Assert.False(DeliveryMarker.TryParse("xx:seed#1", out _, out _));
    }

    [Fact]
    public void StandbyItemsAreMarked()
    {
        var events = Parse(Body(Item("P1", "message", """{"mid":"m_1","text":"a"}"""), Item("P2", "message", """{"mid":"m_2","text":"b"}""")));
        Assert.False(events.Single(e => e.EventId == "m_1").IsStandby);
        Assert.True(events.Single(e => e.EventId == "m_2").IsStandby);
    }

    [Fact]
    public void AttachmentsKeepTypeAndUrl()
    {
        var events = Parse(Body(
            Item("P1", "message", """{"mid":"m_1","attachments":[{"type":"image","payload":{"url":"https://cdn.example/slip.jpg"}}]}""") + "," +
            Item("P1", "message", """{"mid":"m_2","attachments":[{"type":"location","title":"Home","payload":{"coordinates":{"lat":13.7,"long":100.5}}}]}""")));
        Assert.Equal(MessageContentType.Image, events[0].ContentType);
        Assert.Equal("https://cdn.example/slip.jpg", events[0].MediaUrl);
        Assert.Equal(MessageContentType.Location, events[1].ContentType);
        Assert.Equal(13.7, events[1].Location!.Latitude);
    }

    [Fact]
    public void ReadDeliveryHandoverAndUnknownItemsAreKept()
    {
        var events = Parse(Body(string.Join(",",
            Item("P1", "read", """{"watermark":1700000000000}"""),
            Item("P1", "delivery", """{"mids":["m_1"],"watermark":1700000000000}"""),
            Item("P1", "pass_thread_control", """{"new_owner_app_id":"263902037430900","metadata":"x"}"""),
            Item("P1", "reaction", """{"reaction":"love","mid":"m_1"}"""))));
        Assert.Equal([InboundEventKind.Read, InboundEventKind.Delivery, InboundEventKind.Handover, InboundEventKind.Unknown], events.Select(e => e.Kind));
        Assert.Equal("read:P1:1700000000000", events[0].EventId);
        Assert.Equal("reaction", events[3].RawType);
        Assert.All(events, e => Assert.False(string.IsNullOrEmpty(e.EventId)));
    }

    [Fact]
    public void EveryEntryIsRead()
    {
        var body = $$"""{"object":"page","entry":[{"id":"A","messaging":[{{Item("P1", "message", """{"mid":"m_1","text":"a"}""")}}]},{"id":"B","messaging":[{{Item("P2", "message", """{"mid":"m_2","text":"b"}""")}}]}]}""";
        Assert.Equal(["m_1", "m_2"], Parse(body).Select(e => e.EventId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("\"page\"")]
    [InlineData("{\"object\":\"page\"}")]
    [InlineData("{\"object\":\"page\",\"entry\":{}}")]
    public void BodiesThatAreNotWebhooksAreRefused(string body) =>
        Assert.Throws<WebhookFormatException>(() => Parse(body));
}
