using System.Text.Json.Nodes;
using ChatCommerce.IntegrationTests.Support;

namespace ChatCommerce.IntegrationTests.Orders;

/// <summary>At the address question a LINE shopper may share a location instead of typing.</summary>
public sealed class CheckoutLocationTests : HostedTest
{
    private const string User = "U1a2b3c4d5e6f708192a3b4c5d6e7f801";

    private JsonObject Location(string title, string address) => Fakes.Line.Event("message", User, null, new JsonObject
    {
        ["message"] = new JsonObject { ["id"] = "loc" + Guid.NewGuid().ToString("N")[..8], ["type"] = "location", ["title"] = title, ["address"] = address, ["latitude"] = 13.7246, ["longitude"] = 100.5294 },
    });

    private async Task<string> AnswerAsync(JsonObject e, int count)
    {
        await Fakes.Line.DeliverAsync(e);
        var sent = await Eventually.ValueAsync(() => Fakes.Line.SentTo(User), s => s.Count == count);
        return string.Join('\n', sent[^1].Messages.Select(m => (string?)m!["text"]));
    }

    [Fact]
    public async Task ASharedLocationWithAPostcodeIsTheAddressAndOneWithoutAsksForIt()
    {
        Fakes.Line.AddUser(User, "Ploy", "th");
        await AnswerAsync(Fakes.Line.TextEvent(User, "cf sn3 1"), 1);
        await AnswerAsync(Fakes.Line.PostbackEvent(User, "checkout:start"), 2);
        await AnswerAsync(Fakes.Line.TextEvent(User, "ปลา"), 3);
        Assert.Contains("หรือแชร์ตำแหน่งก็ได้", await AnswerAsync(Fakes.Line.TextEvent(User, "0865554444"), 4));

        var noPostcode = await AnswerAsync(Location("สวนลุมพินี", "ถนนพระรามที่ 4 ปทุมวัน กรุงเทพมหานคร"), 5);
        Assert.Contains("ยังไม่มีรหัสไปรษณีย์", noPostcode);
        Assert.Contains("ถนนพระรามที่ 4", noPostcode);

        var shipping = await AnswerAsync(Location("คอนโด", "99 ถนนสีลม แขวงสีลม เขตบางรัก กรุงเทพมหานคร 10500 ประเทศไทย"), 6);
        Assert.Contains("เลือกวิธีจัดส่ง", shipping);
        await AnswerAsync(Fakes.Line.PostbackEvent(User, "ship:standard"), 7);
        var summary = await AnswerAsync(Fakes.Line.PostbackEvent(User, "pay:cod"), 8);
        Assert.Contains("99 ถนนสีลม", summary);
        Assert.Contains("10500", summary);
    }
}
