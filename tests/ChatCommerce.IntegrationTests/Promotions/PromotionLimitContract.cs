using ChatCommerce.Domain.Orders;
using ChatCommerce.Domain.Promotions;
using ChatCommerce.IntegrationTests.Production;
using ChatCommerce.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.IntegrationTests.Promotions;

/// <summary>
/// A promotion's limits hold inside the order transaction on both databases: two orders racing for
/// the last use get it once, a customer's own limit counts their orders, a cancelled order gives
/// its use back.
/// </summary>
public abstract class PromotionLimitContract : ProviderContract
{
    private static readonly ShippingMethod Standard = ShippingOptions.Defaults[0];

    private async Task AddAsync(Promotion promotion)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        Assert.Equal(PromotionSave.Saved, await scope.ServiceProvider.GetRequiredService<IPromotionStore>().AddAsync(promotion, default));
    }

    /// <summary>Two bags of mango (฿240) by registered post (฿40), confirmed at the given total.</summary>
    private async Task<PlaceOrderResult> PlaceAsync(string user, string key, long expected)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var draft = new OrderDraft(key, "line", user, "th", "Ploy", "0812345678", "1 ถนนสีลม", "10500", Standard.Id, "transfer", [new BasketLine("SN-MNG", 2)])
        {
            ExpectedTotalSatang = expected,
            PricedAt = DateTimeOffset.UtcNow,
        };
        return await scope.ServiceProvider.GetRequiredService<IOrderStore>().PlaceAsync(draft, Standard, default);
    }

    private static Promotion HundredOff(string id) => new()
    {
        Id = id, Name = id, Kind = PromotionKinds.SpendOver, Steps = [new PromotionStep { MinSatang = 0, AmountSatang = 10_000 }],
    };

    [Fact]
    public async Task TwoOrdersRacingForTheLastUseGetItOnce()
    {
        var flash = HundredOff("flash");
        flash.MaxUses = 1;
        await AddAsync(flash);

        var results = await Task.WhenAll(PlaceAsync("U1", "race-1", 18_000), PlaceAsync("U2", "race-2", 18_000));
        var placed = Assert.Single(results.OfType<PlaceOrderResult.Placed>());
        Assert.Equal((10_000L, 18_000L), (placed.Order.DiscountSatang, placed.Order.TotalSatang));
        var changed = Assert.Single(results.OfType<PlaceOrderResult.PriceChanged>());
        Assert.Equal(28_000, changed.Quote.TotalSatang);
        Assert.Equal(1, await Host.QueryAsync(db => db.Orders.CountAsync()));
        Assert.Equal(1, await Host.QueryAsync(db => db.OrderPromotions.CountAsync(u => u.PromotionId == "flash" && !u.Released)));

        // The order cancelled, its use comes back for the next shopper.
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IOrderStore>().UpdateAsync(placed.Order.Number, OrderStatus.Cancelled, null, default);
        }

        Assert.IsType<PlaceOrderResult.Placed>(await PlaceAsync("U3", "race-3", 18_000));
    }

    [Fact]
    public async Task ACustomersOwnLimitCountsTheirOrders()
    {
        var first = HundredOff("first-order");
        first.MaxUsesPerCustomer = 1;
        await AddAsync(first);
        // A known customer: the chat made one.
        const string User = "U5e1f0000000000000000000000000d01";
        await Fakes.Line.DeliverAsync(Fakes.Line.TextEvent(User, "สวัสดีค่ะ"));
        await Eventually.TrueAsync(async () => await Host.QueryAsync(db => db.Contacts.AnyAsync(c => c.UserId == User && c.CustomerId != null)));

        var once = Assert.IsType<PlaceOrderResult.Placed>(await PlaceAsync(User, "mine-1", 18_000));
        Assert.Equal(["first-order"], once.Order.Promotions.Select(p => p.PromotionId));
        var twice = Assert.IsType<PlaceOrderResult.PriceChanged>(await PlaceAsync(User, "mine-2", 18_000));
        Assert.DoesNotContain("first-order", twice.Quote.PromotionIds);
        Assert.Equal(28_000, twice.Quote.TotalSatang);
        Assert.IsType<PlaceOrderResult.Placed>(await PlaceAsync(User, "mine-3", 28_000));

        // Anyone without a customer record cannot be counted, so does not get it.
        Assert.IsType<PlaceOrderResult.PriceChanged>(await PlaceAsync("U-stranger", "stranger-1", 18_000));
    }
}

public sealed class SqlitePromotionLimitTests : PromotionLimitContract
{
    protected override Task<IDictionary<string, string?>> SettingsAsync() => Task.FromResult<IDictionary<string, string?>>(new Dictionary<string, string?>());
}

[Collection(ProductionCollection.Name)]
public sealed class PostgresPromotionLimitTests(ProductionServers servers) : PromotionLimitContract
{
    protected override async Task<IDictionary<string, string?>> SettingsAsync() =>
        new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = await servers.Postgres.CreateDatabaseAsync() };
}
