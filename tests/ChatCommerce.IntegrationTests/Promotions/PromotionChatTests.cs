using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatCommerce.IntegrationTests.Support;
using ChatCommerce.IntegrationTests.Transcripts;
using Microsoft.EntityFrameworkCore;

namespace ChatCommerce.IntegrationTests.Promotions;

/// <summary>Promotions in chat through the real host: vouchers typed in chat, limits, and a price that changed before the confirm.</summary>
public abstract class PromotionChatTest : HostedTest
{
    protected const string Key = "test-owner-key-0123456789";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["ChatCommerce:Admin:ApiKey"] = Key };

    protected HttpClient Owner() => Host.OwnerClient(Key);

    /// <summary>From a basket to the order summary: name, phone, address, registered post, bank transfer.</summary>
    protected static async Task<Answer> SummaryAsync(IChatDriver chat, Answer basket)
    {
        await chat.TapAndReadAsync(basket, "สั่งซื้อเลย");
        await chat.SayAndReadAsync("Ploy Jaidee");
        await chat.SayAndReadAsync("081-234-5678");
        var shipping = await chat.SayAndReadAsync("99/1 ถนนสุขุมวิท แขวงคลองเตย เขตคลองเตย กรุงเทพฯ 10110");
        var methods = await chat.TapAndReadAsync(shipping, shipping.Buttons.Keys.First(k => k.StartsWith("ไปรษณีย์ไทย", StringComparison.Ordinal)));
        return await chat.TapAndReadAsync(methods, "โอนเข้าบัญชี");
    }

    protected async Task SwitchOffAsync(HttpClient owner, string id)
    {
        var promotion = (await owner.GetFromJsonAsync<JsonObject>($"/api/v1/promotions/{id}"))!;
        promotion["active"] = false;
        Assert.Equal(HttpStatusCode.OK, (await owner.PutAsJsonAsync($"/api/v1/promotions/{id}", promotion)).StatusCode);
    }
}

public sealed class PromotionChatTests : PromotionChatTest
{
    private const string First = "U70c0de0000000000000000000000a001";
    private const string Second = "U70c0de0000000000000000000000a002";

    [Fact]
    public async Task AVoucherTypedInChatIsTakenOffOnceAndGivenBackWhenItsOrderIsCancelled()
    {
        using var owner = Owner();
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync("/api/v1/promotions", new
        {
            id = "sorry-50", name = "ขอโทษนะ ลด ฿50", kind = "voucher", code = "SORRY-50", maxUses = 1, steps = new[] { new { amountSatang = 5_000 } },
        })).StatusCode);

        var first = new LineDriver(Fakes, First, SettledAsync);
        first.AddUser("Ploy", "th");
        await first.SayAndReadAsync("cf sn1 2");
        var unknown = await first.SayAndReadAsync("โค้ด NOTACODE");
        Assert.Contains("ไม่พบโค้ด NOTACODE", unknown.Text);
        var basket = await first.SayAndReadAsync("โค้ด sorry-50");
        Assert.Contains("ใช้โค้ด sorry-50 แล้ว ลด ฿50", basket.Text);
        Assert.Contains("🎁 ขอโทษนะ ลด ฿50 −฿50", basket.Text);
        Assert.Contains("รวมหลังส่วนลด ฿190", basket.Text);

        var summary = await SummaryAsync(first, basket);
        Assert.Contains("🎁 ขอโทษนะ ลด ฿50 −฿50", summary.Text);
        Assert.Contains("ยอดรวม ฿230", summary.Text);
        var placed = await first.TapAndReadAsync(summary, "ยืนยันสั่งซื้อ");
        Assert.Contains("฿230", placed.Text);
        var order = await Host.QueryAsync(db => db.Orders.Include(o => o.Promotions).Include(o => o.Lines).SingleAsync());
        Assert.Equal((24_000L, 5_000L, 4_000L, 23_000L), (order.SubtotalSatang, order.DiscountSatang, order.ShippingFeeSatang, order.TotalSatang));
        Assert.Equal(("sorry-50", 5_000L), (Assert.Single(order.Promotions).PromotionId, order.Promotions[0].DiscountSatang));

        // Used once: the next shopper is told so, and the code is not kept on their basket.
        var second = new LineDriver(Fakes, Second, SettledAsync);
        second.AddUser("Nok", "th");
        await second.SayAndReadAsync("cf sn2 1");
        Assert.Contains("โค้ด SORRY50 ถูกใช้ครบแล้ว", (await second.SayAndReadAsync("SORRY50")).Text);
        Assert.Equal(1, (int)(await owner.GetFromJsonAsync<JsonObject>("/api/v1/promotions/sorry-50"))!["uses"]!);

        // The first order cancelled, the use is given back.
        var cancelled = await owner.PatchAsJsonAsync($"/api/v1/orders/{order.Number}", new { status = "Cancelled" });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal(0, (int)(await owner.GetFromJsonAsync<JsonObject>("/api/v1/promotions/sorry-50"))!["uses"]!);
        Assert.Contains("ใช้โค้ด SORRY50 แล้ว ลด ฿50", (await second.SayAndReadAsync("SORRY50")).Text);
    }

    [Fact]
    public async Task AShopperNearAThresholdIsOfferedWhatReachesItOnceAndOneTapAddsIt()
    {
        var chat = new LineDriver(Fakes, First, SettledAsync);
        chat.AddUser("Ploy", "th");
        await chat.SayAndReadAsync("cf bt1 2");
        // Two sunscreens and a bag of mango: ฿900, ฿100 from "spend ฿1,000, save ฿80".
        var near = await chat.SayAndReadAsync("cf sn1 1");
        Assert.Contains("ยอดนี้ได้ส่งฟรี", near.Text);
        Assert.Contains("ซื้ออีก ฿100 รับส่วนลด ฿80", near.Text);
        // Another bag of mango (฿120) overshoots least; then two of those ฿50–100 over (the shop's
        // best sellers first among them).
        var adds = near.Buttons.Keys.Where(k => k.StartsWith("+ ", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, adds.Count);
        Assert.Equal("+ มะม่วงอบแห้ง", adds[0]);
        Assert.Contains("+ ลิปทินท์ สีส้มอิฐ", adds);
        Assert.True(near.Buttons.Count <= 13, near.ToString());

        // The same basket again: the same nudge is not repeated.
        var again = await chat.SayAndReadAsync("ดูตะกร้าหน่อย");
        Assert.DoesNotContain("ซื้ออีก ฿100", again.Text);
        Assert.DoesNotContain(again.Buttons.Keys, k => k.StartsWith("+ ", StringComparison.Ordinal));

        var reached = await chat.TapAndReadAsync(near, adds[0]);
        Assert.Contains("มะม่วงอบแห้ง × 2", reached.Text);
        Assert.Contains("🎁 ช้อปครบ ฿1,000 ลด ฿80 ครบ ฿2,000 ลด ฿200 −฿80", reached.Text);
        Assert.Contains("รวมหลังส่วนลด ฿940", reached.Text);
    }

    [Fact]
    public async Task APromotionEndingBetweenTheSummaryAndTheConfirmIsHonoured()
    {
        using var owner = Owner();
        var chat = new LineDriver(Fakes, First, SettledAsync);
        chat.AddUser("Ploy", "th");
        var basket = await chat.SayAndReadAsync("cf sn1 3");
        Assert.Contains("รวมหลังส่วนลด ฿324", basket.Text);
        var summary = await SummaryAsync(chat, basket);
        Assert.Contains("ยอดรวม ฿364", summary.Text);

        await SwitchOffAsync(owner, "snacks-by-the-box");
        var placed = await chat.TapAndReadAsync(summary, "ยืนยันสั่งซื้อ");
        Assert.Contains("฿364", placed.Text);
        var order = await Host.QueryAsync(db => db.Orders.Include(o => o.Lines).SingleAsync());
        Assert.Equal((36_000L, 3_600L, 36_400L), (order.SubtotalSatang, order.DiscountSatang, order.TotalSatang));
        Assert.Equal(3_600, Assert.Single(order.Lines).DiscountSatang);
    }
}

/// <summary>With no time to honour a shown price: a changed price is shown again, and the order waits for a new confirm.</summary>
public sealed class PromotionPriceChangeTests : PromotionChatTest
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings) { ["ChatCommerce:Promotions:HonourFor"] = "00:00:00" };

    [Fact]
    public async Task AChangedPriceIsShownAgainAndNothingIsPlacedUntilTheShopperConfirmsIt()
    {
        using var owner = Owner();
        var chat = new LineDriver(Fakes, "U70c0de0000000000000000000000a003", SettledAsync);
        chat.AddUser("Ploy", "th");
        var summary = await SummaryAsync(chat, await chat.SayAndReadAsync("cf sn1 3"));
        Assert.Contains("ยอดรวม ฿364", summary.Text);

        await SwitchOffAsync(owner, "snacks-by-the-box");
        var again = await chat.TapAndReadAsync(summary, "ยืนยันสั่งซื้อ");
        Assert.Contains("ราคาของคำสั่งซื้อนี้เปลี่ยนไป", again.Text);
        Assert.Contains("ยอดรวม ฿400", again.Text);
        Assert.Equal(0, await Host.QueryAsync(db => db.Orders.CountAsync()));

        var placed = await chat.TapAndReadAsync(again, "ยืนยันสั่งซื้อ");
        Assert.Contains("฿400", placed.Text);
        Assert.Equal(40_000, await Host.QueryAsync(db => db.Orders.Select(o => o.TotalSatang).SingleAsync()));
    }
}
