using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatCommerce.IntegrationTests.Support;

namespace ChatCommerce.IntegrationTests.Promotions;

/// <summary>/api/v1/promotions: the demo shop's promotions, changes with what to fix, and the preview of a basket.</summary>
public sealed class PromotionApiTests : HostedTest
{
    private const string Key = "test-owner-key-0123456789";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["ChatCommerce:Admin:ApiKey"] = Key };

    private HttpClient Owner() => Host.OwnerClient(Key);

    private static async Task<JsonObject> PreviewAsync(HttpClient owner, object body)
    {
        var response = await owner.PostAsJsonAsync("/api/v1/promotions/preview", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    [Fact]
    public async Task TheDemoShopIsSeededAndAPreviewExplainsEveryPromotionAndWhatClosesTheGap()
    {
        using var owner = Owner();
        var all = (await owner.GetFromJsonAsync<JsonArray>("/api/v1/promotions"))!.Select(p => p!.AsObject()).ToList();
        var kinds = all.ToDictionary(p => (string)p["id"]!, p => (string)p["kind"]!);
        Assert.Equal("spend_over", kinds["spend-more-save-more"]);
        Assert.Equal("quantity_tier", kinds["snacks-by-the-box"]);
        Assert.Equal("free_shipping", kinds["free-shipping-standard"]);
        Assert.All(all, p => Assert.True((bool)p["active"]! && ((string)p["name"]!).Length > 0 && (int)p["uses"]! == 0));

        // Three bags of mango (฿360, 10% off as three snacks) and a linen shirt (฿590): ฿914 after
        // the tier, ฿86 short of ฿1,000 (฿80 off); registered post (฿40) free from ฿500.
        var preview = await PreviewAsync(owner, new { lines = new[] { new { sku = "SN-MNG", quantity = 3 }, new { sku = "SH-LIN", quantity = 1 } } });
        Assert.Equal((95_000L, 3_600L, 0L, 91_400L), ((long)preview["subtotalSatang"]!, (long)preview["discountSatang"]!, (long)preview["shippingSatang"]!, (long)preview["totalSatang"]!));
        var mango = preview["lines"]!.AsArray().Single(l => (string)l!["sku"]! == "SN-MNG")!;
        Assert.Equal(3_600, (long)mango["discountSatang"]!);
        Assert.Equal(["snacks-by-the-box"], mango["promotionIds"]!.AsArray().Select(x => (string)x!));

        var applied = preview["applied"]!.AsArray().ToDictionary(a => (string)a!["promotionId"]!, a => a!.AsObject());
        Assert.Equal(["free-shipping-standard", "snacks-by-the-box"], applied.Keys.Order());
        Assert.Contains("3 eligible units reach 3", (string)applied["snacks-by-the-box"]["reason"]!);
        Assert.Equal(4_000, (long)applied["free-shipping-standard"]["discountSatang"]!);
        var skipped = preview["notApplied"]!.AsArray().ToDictionary(a => (string)a!["promotionId"]!, a => (string)a!["code"]!);
        Assert.Equal("below_threshold", skipped["spend-more-save-more"]);
        Assert.Equal("shipping_method_not_eligible", skipped["free-shipping-express"]);

        var nudge = Assert.Single(preview["nudges"]!.AsArray())!;
        Assert.Equal(("spend-more-save-more", 8_600L, 8_000L), ((string)nudge["promotionId"]!, (long)nudge["missingSatang"]!, (long)nudge["unlocksSatang"]!));
        // The closest closers first: soap ฿89 and mango ฿120 (฿108 after the tier) overshoot by
        // under ฿50; then the lip tint ฿159. The chili paste (฿95) is out of stock.
        Assert.Equal(["BT-SOP", "SN-MNG", "BT-LIP"], nudge["suggestions"]!.AsArray().Select(s => (string)s!));

        var express = await PreviewAsync(owner, new { lines = new[] { new { sku = "SH-LIN", quantity = 1 } }, shippingMethod = "express" });
        Assert.Equal((59_000L, 6_000L, 65_000L), ((long)express["subtotalSatang"]!, (long)express["shippingSatang"]!, (long)express["totalSatang"]!));

        var bad = await owner.PostAsJsonAsync("/api/v1/promotions/preview", new { lines = new[] { new { sku = "NOPE", quantity = 1 }, new { sku = "SN-MNG", quantity = 0 } }, shippingMethod = "drone" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Contains("NOPE", errors["lines"]!.ToJsonString());
        Assert.NotNull(errors["shippingMethod"]);
    }

    [Fact]
    public async Task PromotionsAreCreatedReplacedAndDeletedAndContradictionsSayWhatToFix()
    {
        using var owner = Owner();
        var contradictory = await owner.PostAsJsonAsync("/api/v1/promotions", new
        {
            id = "big-spender",
            name = "ยิ่งซื้อยิ่งลด",
            kind = "spend_over",
            startsAt = "2026-12-31T00:00:00Z",
            endsAt = "2026-12-01T00:00:00Z",
            skus = new[] { "NOPE" },
            steps = new object[] { new { minSatang = 100_000, amountSatang = 12_000 }, new { minSatang = 50_000, amountSatang = 20_000 } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, contradictory.StatusCode);
        var errors = (await contradictory.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Equal(["endsAt", "skus", "steps"], errors.Select(e => e.Key).Order());
        Assert.Contains("lowest minSatang up", errors["steps"]!.ToJsonString());

        var misspelt = await owner.PostAsJsonAsync("/api/v1/promotions", new { id = "x", name = "x", kind = "voucher", kode = "ABCD" });
        Assert.Equal(HttpStatusCode.BadRequest, misspelt.StatusCode);

        var voucher = new { id = "sorry-50", name = "ขอโทษนะ ลด ฿50", kind = "voucher", code = "SORRY-50", maxUses = 1, steps = new[] { new { amountSatang = 5_000 } } };
        var created = await owner.PostAsJsonAsync("/api/v1/promotions", voucher);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/v1/promotions/sorry-50", created.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.Conflict, (await owner.PostAsJsonAsync("/api/v1/promotions", voucher)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await owner.PostAsJsonAsync("/api/v1/promotions", voucher with { id = "sorry-again" })).StatusCode);

        // What GET gives can be PUT back changed: the read-only counts are ignored.
        var read = (await owner.GetFromJsonAsync<JsonObject>("/api/v1/promotions/sorry-50"))!;
        Assert.Equal(("SORRY-50", 1), ((string)read["code"]!, (int)read["maxUses"]!));
        read["name"] = "ขอโทษนะคะ ลด ฿50";
        read["uses"] = 99;
        var replaced = await owner.PutAsJsonAsync("/api/v1/promotions/sorry-50", read);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var after = (await replaced.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(("ขอโทษนะคะ ลด ฿50", 0), ((string)after["name"]!, (int)after["uses"]!));
        read["id"] = "another";
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PutAsJsonAsync("/api/v1/promotions/sorry-50", read)).StatusCode);

        var withCode = await PreviewAsync(owner, new { lines = new[] { new { sku = "BT-SUN", quantity = 1 } }, codes = new[] { "sorry 50" } });
        Assert.Equal(5_000, (long)withCode["discountSatang"]!);
        var without = await PreviewAsync(owner, new { lines = new[] { new { sku = "BT-SUN", quantity = 1 } } });
        Assert.Equal("code_not_entered", (string)without["notApplied"]!.AsArray().Single(s => (string)s!["promotionId"]! == "sorry-50")!["code"]!);

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync("/api/v1/promotions/sorry-50")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync("/api/v1/promotions/sorry-50")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.DeleteAsync("/api/v1/promotions/sorry-50")).StatusCode);
        var gone = await PreviewAsync(owner, new { lines = new[] { new { sku = "BT-SUN", quantity = 1 } }, codes = new[] { "SORRY50" } });
        Assert.Equal(0, (long)gone["discountSatang"]!);
    }
}
