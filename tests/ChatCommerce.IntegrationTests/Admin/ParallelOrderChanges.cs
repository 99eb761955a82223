using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatCommerce.Domain.Catalog;
using ChatCommerce.Domain.Orders;
using ChatCommerce.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.IntegrationTests.Admin;

/// <summary>The same order changed by several owner requests at once, on either database.</summary>
internal static class ParallelOrderChanges
{
    public const string Key = "test-owner-key-0123456789";

    public static async Task CancelsRestockOnceAndShippedIsAnnouncedOnceAsync(TestHost host, FakePlatformServer fakes, string user)
    {
        fakes.Line.AddUser(user, "Ploy", "th");
        using var owner = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        owner.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        var before = await StockAsync(host, "SN-TEA");
        var cancelled = await PlaceAsync(host, user, "parallel-1");
        var shipped = await PlaceAsync(host, user, "parallel-2");
        Assert.Equal(before - 4, await StockAsync(host, "SN-TEA"));

        var cancels = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => owner.PatchAsJsonAsync($"/api/v1/orders/{cancelled.Number}", new { status = "Cancelled" })));
        Assert.All(cancels, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(before - 2, await StockAsync(host, "SN-TEA"));

        var ships = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => owner.PatchAsJsonAsync($"/api/v1/orders/{shipped.Number}", new { status = "Shipped", trackingNumber = "TH0123456789" })));
        var told = 0;
        foreach (var response in ships)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            told += (await response.Content.ReadFromJsonAsync<JsonObject>())!["customerNotified"] is null ? 0 : 1;
        }

        Assert.Equal(1, told);
        await Eventually.ValueAsync(() => fakes.Line.SentTo(user), s => s.Count == 1);
        await Eventually.QuietAsync();
        Assert.Single(fakes.Line.SentTo(user));
    }

    private static async Task<Order> PlaceAsync(TestHost host, string user, string key)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IOrderStore>();
        var draft = new OrderDraft(key, "line", user, "th", "พลอย", "0812345678", "1 ถนนสีลม กรุงเทพฯ 10500", "10500", "standard", "cod", [new BasketLine("SN-TEA", 2)]);
        return ((PlaceOrderResult.Placed)await store.PlaceAsync(draft, ShippingOptions.Defaults[0], default)).Order;
    }

    private static async Task<int> StockAsync(TestHost host, string sku)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<ICatalogAdmin>().GetAsync(sku, default))!.Stock;
    }
}
