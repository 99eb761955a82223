using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatCommerce.IntegrationTests.Transcripts;

namespace ChatCommerce.IntegrationTests.Promotions;

/// <summary>The nudge experiment: a nudged basket measured from the nudge through the threshold to the order.</summary>
public sealed class NudgeMeasurementTests : PromotionChatTest
{
    [Fact]
    public async Task ANudgedBasketIsFollowedToItsOrderAndReported()
    {
        var chat = new LineDriver(Fakes, "U70c0de0000000000000000000000b001", SettledAsync);
        chat.AddUser("Ploy", "th");
        await chat.SayAndReadAsync("cf bt1 2");
        var near = await chat.SayAndReadAsync("cf sn1 1");
        var reached = await chat.TapAndReadAsync(near, "+ มะม่วงอบแห้ง");
        Assert.Contains("รวมหลังส่วนลด ฿940", reached.Text);
        var summary = await SummaryAsync(chat, reached);
        await chat.TapAndReadAsync(summary, "ยืนยันสั่งซื้อ");

        using var owner = Owner();
        var report = (await owner.GetFromJsonAsync<JsonObject>("/api/v1/nudges"))!;
        var nudged = report["nudged"]!;
        Assert.Equal((1, 1, 1, 1.0), ((int)nudged["baskets"]!, (int)nudged["crossed"]!, (int)nudged["orders"]!, (double)nudged["conversion"]!));
        // Measured from the first nudge: two sunscreens, ฿780, already within 25% of ฿1,000.
        Assert.Equal((78_000L, 94_000L), ((long)nudged["averageBasketSatang"]!, (long)nudged["averageOrderSatang"]!));
        Assert.Equal(0, (int)report["holdout"]!["baskets"]!);
        Assert.Equal(0, (int)report["holdoutPercent"]!);
    }
}

/// <summary>A shopper in the holdout is never nudged, and their basket is measured all the same.</summary>
public sealed class NudgeHoldoutTests : PromotionChatTest
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings) { ["ChatCommerce:Promotions:HoldoutPercent"] = "100" };

    [Fact]
    public async Task AHeldOutShopperSeesNoNudgeAndCountsInTheHoldout()
    {
        var chat = new LineDriver(Fakes, "U70c0de0000000000000000000000b002", SettledAsync);
        chat.AddUser("Ploy", "th");
        var first = await chat.SayAndReadAsync("cf bt1 1");
        Assert.DoesNotContain("ซื้ออีก", first.Text);
        var near = await chat.SayAndReadAsync("cf sn1 1");
        Assert.Contains("รวม ฿510", near.Text);
        Assert.Contains("ยอดนี้ได้ส่งฟรี", near.Text);
        Assert.DoesNotContain(near.Buttons.Keys, k => k.StartsWith("+ ", StringComparison.Ordinal));

        using var owner = Owner();
        var report = (await owner.GetFromJsonAsync<JsonObject>("/api/v1/nudges?days=7"))!;
        Assert.Equal((1, 0, 100), ((int)report["holdout"]!["baskets"]!, (int)report["nudged"]!["baskets"]!, (int)report["holdoutPercent"]!));
        Assert.Equal(39_000, (long)report["holdout"]!["averageBasketSatang"]!);
    }
}
