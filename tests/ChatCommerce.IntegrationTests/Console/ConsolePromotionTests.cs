using System.Net;
using System.Net.Http.Json;
using ChatCommerce.IntegrationTests.Support;

namespace ChatCommerce.IntegrationTests.Console;

/// <summary>/console/promotions: the owner lists, switches, edits (with what to fix) and deletes promotions; staff cannot.</summary>
public sealed class ConsolePromotionTests : HostedTest
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ChatCommerce:Console:Owner:Email"] = ConsoleAccessTests.OwnerEmail,
        ["ChatCommerce:Console:Owner:Password"] = ConsoleAccessTests.OwnerPassword,
        ["ChatCommerce:Admin:ApiKey"] = "test-owner-key-0123456789",
    };

    [Fact]
    public async Task TheOwnerSwitchesEditsCreatesAndDeletesPromotions()
    {
        using var owner = new ConsoleClient(Host.BaseUrl);
        await owner.SignInAsync(ConsoleAccessTests.OwnerEmail, ConsoleAccessTests.OwnerPassword);
        var list = await owner.GetAsync("/console/promotions");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Contains("data-id=\"spend-more-save-more\" data-active=\"true\"", list.Html);
        Assert.Contains("ช้อปครบ ฿1,000 ลด ฿80", list.Html);
        Assert.Contains("ซื้อหลายชิ้นลด", list.Html);

        var switched = await owner.PostAsync("/console/promotions/snacks-by-the-box/toggle", new Dictionary<string, string>());
        Assert.Equal("/console/promotions?done=switched", switched.Location);
        Assert.Contains("data-id=\"snacks-by-the-box\" data-active=\"false\"", (await owner.GetAsync("/console/promotions")).Html);

        // Edited as JSON: a contradiction is shown with the field to fix, nothing saved.
        var edit = await owner.GetAsync("/console/promotions/spend-more-save-more");
        Assert.Contains("&quot;kind&quot;: &quot;spend_over&quot;", edit.Html);
        var bad = await owner.PostAsync("/console/promotions/spend-more-save-more", new Dictionary<string, string>
        {
            ["json"] = """{"name": "ลดใหญ่", "kind": "spend_over", "steps": [{"minSatang": 100000, "amountSatang": 8000}, {"minSatang": 50000, "amountSatang": 9000}]}""",
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Contains("data-field=\"steps\"", bad.Html);
        var misspelt = await owner.PostAsync("/console/promotions/spend-more-save-more", new Dictionary<string, string> { ["json"] = """{"name": "x", "kind": "spend_over", "stepz": []}""" });
        Assert.Contains("data-field=\"json\"", misspelt.Html);

        var created = await owner.PostAsync("/console/promotions/new", new Dictionary<string, string>
        {
            ["json"] = """{"id": "lip-bundle", "name": "ลิปคู่ ฿280", "kind": "bundle", "items": [{"sku": "BT-LIP", "quantity": 2}], "bundlePriceSatang": 28000}""",
        });
        Assert.Equal("/console/promotions?done=saved", created.Location);
        using var api = Host.OwnerClient("test-owner-key-0123456789");
        var preview = await (await api.PostAsJsonAsync("/api/v1/promotions/preview", new { lines = new[] { new { sku = "BT-LIP", quantity = 2 } } })).Content.ReadAsStringAsync();
        Assert.Contains("\"discountSatang\":3800", preview);

        Assert.Equal("/console/promotions?done=deleted", (await owner.PostAsync("/console/promotions/lip-bundle/delete", new Dictionary<string, string>())).Location);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync("/console/promotions/lip-bundle")).Status);

        await ConsoleClient.AddStaffAsync(Host, ConsoleAccessTests.StaffEmail, ConsoleAccessTests.StaffPassword);
        using var staff = new ConsoleClient(Host.BaseUrl);
        await staff.SignInAsync(ConsoleAccessTests.StaffEmail, ConsoleAccessTests.StaffPassword);
        Assert.NotEqual(HttpStatusCode.OK, (await staff.GetAsync("/console/promotions")).Status);
    }
}
