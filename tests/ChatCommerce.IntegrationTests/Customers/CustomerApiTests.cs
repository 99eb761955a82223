using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatCommerce.Domain.Customers;
using ChatCommerce.IntegrationTests.Support;
using ChatCommerce.IntegrationTests.Transcripts;
using Microsoft.EntityFrameworkCore;

namespace ChatCommerce.IntegrationTests.Customers;

/// <summary>/api/v1/customers: a shopper who chatted and ordered is found by name, phone or user id, with what the shop knows.</summary>
public sealed class CustomerApiTests : HostedTest
{
    private const string Key = "test-owner-key-0123456789";
    private const string LineUser = "U5c0ffee0000000000000000000000c12";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["ChatCommerce:Admin:ApiKey"] = Key };

    private HttpClient Owner()
    {
        var client = new HttpClient { BaseAddress = new Uri(Host.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        return client;
    }

    private async Task<JsonArray> SearchAsync(HttpClient owner, string query) =>
        (await owner.GetFromJsonAsync<JsonArray>("/api/v1/customers" + query))!;

    [Fact]
    public async Task AShopperWhoOrderedIsFoundByNamePhoneOrUserIdWithTouchpointsAndOrders()
    {
        await new LineDriver(Fakes, LineUser, SettledAsync).CheckoutAsync("โอนเข้าบัญชี");
        using var owner = Owner();

        var byName = Assert.Single(await SearchAsync(owner, "?q=ploy"))!.AsObject();
        var id = (string)byName["id"]!;
        Assert.True(CustomerIds.IsWellFormed(id));
        Assert.Equal("Ploy", (string?)byName["displayName"]);
        Assert.StartsWith("https://sprofile.line-scdn.net/", (string?)byName["pictureUrl"]);
        var identity = Assert.Single(byName["identities"]!.AsArray())!;
        Assert.Equal(("line", LineUser), ((string?)identity["channel"], (string?)identity["userId"]));
        Assert.Equal(["0812345678"], byName["phones"]!.AsArray().Select(p => (string?)p));
        Assert.Equal("unknown", (string?)byName["consent"]!["status"]);
        Assert.NotNull(byName["segment"]);
        foreach (var query in new[] { "?q=081-234-5678", "?q=0812", "?q=%2B66812345678", "?q=" + LineUser, "?q=JAIDEE" })
        {
            Assert.Equal(id, (string?)Assert.Single(await SearchAsync(owner, query))!["id"]);
        }

        Assert.Empty(await SearchAsync(owner, "?q=0899999999"));
        Assert.Empty(await SearchAsync(owner, "?q=somebody"));

        var detail = (await owner.GetFromJsonAsync<JsonObject>($"/api/v1/customers/{id}"))!;
        var touchpoints = detail["touchpoints"]!.AsArray().Select(t => t!.AsObject()).ToList();
        var order = Assert.Single(detail["orders"]!.AsArray())!;
        var placed = Assert.Single(touchpoints, t => (string?)t["kind"] == "order");
        Assert.Equal(((string?)order["number"], "placed"), ((string?)placed["orderNumber"], (string?)placed["outcome"]));
        var basket = Assert.Single(touchpoints, t => (string?)t["text"] == "cf sn1 2");
        Assert.Equal(("Inbound", "replied"), ((string?)basket["direction"], (string?)basket["outcome"]));
        Assert.False(string.IsNullOrEmpty((string?)basket["intent"]));
        Assert.NotNull(basket["sentiment"]);
        Assert.Contains(touchpoints, t => (string?)t["direction"] == "Outbound" && (string?)t["outcome"] == "sent");
    }

    [Fact]
    public async Task TagsNotesAndBirthdayAreStaffsToSetAndBadOnesAreRefused()
    {
        await Fakes.Line.DeliverAsync(Fakes.Line.TextEvent(LineUser, "สวัสดีค่ะ"));
        await Eventually.TrueAsync(SettledAsync);
        using var owner = Owner();
        var id = (string)(await SearchAsync(owner, "?q=" + LineUser))[0]!["id"]!;

        var tagged = await owner.PutAsJsonAsync($"/api/v1/customers/{id}/tags", new { tags = new[] { " VIP ", "ลูกค้าประจำ", "vip" } });
        Assert.Equal(HttpStatusCode.OK, tagged.StatusCode);
        Assert.Equal(["vip", "ลูกค้าประจำ"], (await tagged.Content.ReadFromJsonAsync<JsonObject>())!["tags"]!.AsArray().Select(t => (string?)t).Order(StringComparer.Ordinal));
        Assert.Equal(id, (string?)Assert.Single(await SearchAsync(owner, "?tag=VIP"))!["id"]);
        Assert.Empty(await SearchAsync(owner, "?tag=wholesale"));

        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PutAsJsonAsync($"/api/v1/customers/{id}/tags", new { tags = new[] { "<script>" } })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.GetAsync("/api/v1/customers?segment=whales")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PatchAsJsonAsync($"/api/v1/customers/{id}", new { birthday = "31/12/1990" })).StatusCode);

        var changed = await owner.PatchAsJsonAsync($"/api/v1/customers/{id}", new { notes = "ชอบสีดำ", birthday = "1990-12-31" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("1990-12-31", (string?)(await changed.Content.ReadFromJsonAsync<JsonObject>())!["birthday"]);
        Assert.Equal("ชอบสีดำ", await Host.QueryAsync(db => db.Customers.Where(c => c.Id == id).Select(c => c.Notes).SingleAsync()));

        var missing = await owner.GetAsync("/api/v1/customers/0000000000000000000000000000dead");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.PutAsJsonAsync("/api/v1/customers/nobody/tags", new { tags = Array.Empty<string>() })).StatusCode);

        var audit = await Host.QueryAsync(db => db.AuditLog.AsNoTracking().Where(e => e.Subject == "customer:" + id).Select(e => e.Detail).ToListAsync());
        Assert.Equal(["tags: vip, ลูกค้าประจำ", "notes, birthday"], audit);
    }

    [Fact]
    public async Task TheExportHoldsProfileIdentitiesTouchpointsOrdersAndCases()
    {
        var chat = new LineDriver(Fakes, LineUser, SettledAsync);
        await chat.CheckoutAsync("โอนเข้าบัญชี");
        await chat.SayAndReadAsync("ของที่ได้รับแตกเสียหาย แย่มากค่ะ");
        using var owner = Owner();
        var id = (string)(await SearchAsync(owner, "?q=" + LineUser))[0]!["id"]!;

        var response = await owner.GetAsync($"/api/v1/customers/{id}/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var export = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(id, (string?)export["customer"]!["id"]);
        Assert.Equal("99/1 ถนนสุขุมวิท แขวงคลองเตย เขตคลองเตย กรุงเทพฯ 10110", (string?)Assert.Single(export["addresses"]!.AsArray())!["address"]);
        Assert.Single(export["orders"]!.AsArray());
        Assert.Single(export["cases"]!.AsArray());
        var stored = await Host.QueryAsync(db => db.Interactions.CountAsync(t => t.CustomerId == id));
        Assert.Equal(stored, export["touchpoints"]!.AsArray().Count);
        Assert.Contains(export["touchpoints"]!.AsArray(), t => (string?)t!["text"] == "ของที่ได้รับแตกเสียหาย แย่มากค่ะ" && (string?)t["sentiment"] == "negative");
        Assert.True(await Host.QueryAsync(db => db.AuditLog.AnyAsync(e => e.Action == "customer_exported" && e.Subject == "customer:" + id)));
    }
}
