using System.Buffers;
using System.Text;
using ChatCommerce.Load;

namespace ChatCommerce.IntegrationTests.Faults;

/// <summary>The load tool's stand-in reads what it needs of a send in one pass: the ids it matches on and every postback button.</summary>
public sealed class SendBodyTests
{
    private static SendBody Read(string json) => SendBody.Read(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void ALineReplyGivesItsTokenAndThePostbacksOfQuickRepliesAndFlexButtonsInOrder()
    {
        var body = Read("""
            {"replyToken":"tok-1","messages":[
              {"type":"flex","altText":"เมนู","contents":{"type":"bubble","footer":{"type":"box","layout":"vertical","contents":[
                {"type":"button","action":{"type":"postback","label":"ใส่ตะกร้า","data":"add:SN-MNG","displayText":"ใส่ตะกร้า"}},
                {"type":"button","action":{"type":"uri","label":"ดูเว็บ","uri":"https://example.com"}}]}}},
              {"type":"text","text":"เลือกได้เลยครับ","quickReply":{"items":[
                {"type":"action","action":{"type":"postback","label":"ชำระเงิน","data":"checkout"}},
                {"type":"action","action":{"type":"message","label":"สวัสดี","text":"สวัสดี"}}]}}]}
            """);

        Assert.Equal("tok-1", body.ReplyToken);
        Assert.False(body.SenderAction);
        Assert.Equal([("ใส่ตะกร้า", "add:SN-MNG"), ("ชำระเงิน", "checkout")], body.Buttons);
    }

    [Fact]
    public void AMessengerSendGivesItsRecipientMetadataQuickRepliesAndTemplateButtons()
    {
        var body = Read("""
            {"recipient":{"id":"psid-9"},"messaging_type":"RESPONSE","message":{"metadata":"cc:seed-1#0",
              "attachment":{"type":"template","payload":{"template_type":"button","text":"สั่งเลยไหมคะ","buttons":[{"type":"postback","title":"สั่งเลย","payload":"order"}]}},
              "quick_replies":[{"content_type":"text","title":"ดูตะกร้า","payload":"basket"},{"content_type":"user_phone_number"}]}}
            """);

        Assert.Null(body.ReplyToken);
        Assert.Equal(("psid-9", "cc:seed-1#0"), (body.RecipientId, body.Metadata));
        Assert.Equal([("สั่งเลย", "order"), ("ดูตะกร้า", "basket")], body.Buttons);
    }

    [Fact]
    public void ASenderActionIsToldApartAndANestedIdIsNotTheRecipient()
    {
        var body = Read("""{"recipient":{"id":"psid-1"},"sender_action":"typing_on"}""");
        Assert.True(body.SenderAction);
        Assert.Equal("psid-1", body.RecipientId);
        Assert.Empty(body.Buttons);

        var nested = Read("""{"message":{"text":"hi","attachment":{"payload":{"recipient":{"id":"not-this"}}}},"recipient":{"id":"psid-2"}}""");
        Assert.Equal("psid-2", nested.RecipientId);
        Assert.Null(nested.Metadata);
    }
}
