using ChatCommerce.Domain.Orders;
using ChatCommerce.Infrastructure.Data;
using ChatCommerce.IntegrationTests.Production;
using ChatCommerce.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.IntegrationTests.Orders;

/// <summary>
/// Checkout's first step on both databases: the delivery details of the chat's newest order
/// (the newest by time, then by key for two of the same millisecond), none for a chat without one,
/// never another chat's.
/// </summary>
public abstract class LastDeliveryContract : ProviderContract
{
    protected static Order NewOrder(string user, string name, long atMs, string key) => new()
    {
        Number = "D" + key, IdempotencyKey = "last-delivery-" + key, Channel = "line", UserId = user, Status = OrderStatus.Confirmed,
        PaymentState = PaymentState.OnDelivery, PaymentMethod = "cod", TotalSatang = 10_000, CreatedAtMs = atMs, UpdatedAtMs = atMs,
        CustomerName = name, Phone = "08100000" + key[^2..], Address = name + "'s house", Postcode = "101" + key[^2..],
    };

    protected Task AddAsync(params Order[] orders) => Host.QueryAsync(async db =>
    {
        foreach (var order in orders)
        {
            db.Orders.Add(order);
            await db.SaveChangesAsync();
        }

        return 0;
    });

    [Fact]
    public async Task TheNewestOrderOfTheChatGivesItsDetails()
    {
        var at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await AddAsync(
            NewOrder("U-me", "Old", at - 60_000, "01"),
            NewOrder("U-me", "Same moment, first", at, "02"),
            NewOrder("U-me", "Same moment, later", at, "03"),
            NewOrder("U-someone", "Someone else", at + 60_000, "04"),
            NewOrder("U-me", "Older still", at - 120_000, "05"));

        await using var scope = Host.Services.CreateAsyncScope();
        var orders = scope.ServiceProvider.GetRequiredService<IOrderStore>();

        Assert.Equal(new DeliveryDetails("Same moment, later", "0810000003", "Same moment, later's house", "10103"), await orders.LastDeliveryAsync("line", "U-me", default));
        Assert.Equal("Someone else", (await orders.LastDeliveryAsync("line", "U-someone", default))?.CustomerName);
        Assert.Null(await orders.LastDeliveryAsync("line", "U-nobody", default));
        Assert.Null(await orders.LastDeliveryAsync("messenger", "U-me", default));
    }
}

public sealed class SqliteLastDeliveryTests : LastDeliveryContract
{
    protected override Task<IDictionary<string, string?>> SettingsAsync() => Task.FromResult<IDictionary<string, string?>>(new Dictionary<string, string?>());
}

[Collection(ProductionCollection.Name)]
public sealed class PostgresLastDeliveryTests(ProductionServers servers) : LastDeliveryContract
{
    protected override async Task<IDictionary<string, string?>> SettingsAsync() =>
        new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = await servers.Postgres.CreateDatabaseAsync() };

    /// <summary>
    /// Planned once a connection: its prepared statement on the connection has a generic plan and
    /// was never planned for its values (which the store's connections otherwise do for each call).
    /// </summary>
    [Fact]
    public async Task TheStatementIsPlannedOnceAConnection()
    {
        await AddAsync(NewOrder("U-me", "Ploy", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), "11"));
        await using var scope = Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatCommerceDbContext>();
        var orders = scope.ServiceProvider.GetRequiredService<IOrderStore>();
        await db.Database.OpenConnectionAsync();
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(i % 2 == 0 ? "Ploy" : null, (await orders.LastDeliveryAsync("line", i % 2 == 0 ? "U-me" : $"U-{i}", default))?.CustomerName);
        }

        var plans = await db.Database.SqlQueryRaw<PreparedPlans>(
            "SELECT generic_plans AS \"Generic\", custom_plans AS \"Custom\" FROM pg_prepared_statements WHERE statement LIKE '%\"Postcode\"%FROM orders%'").ToListAsync();

        var prepared = Assert.Single(plans);
        Assert.True(prepared.Generic >= 1, $"generic plans: {prepared.Generic}");
        Assert.Equal(0, prepared.Custom);
    }

    /// <summary>Inside a turn's transaction the statement leaves the transaction's planning as it was.</summary>
    [Fact]
    public async Task InsideATransactionItLeavesItsPlanningAsItWas()
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatCommerceDbContext>();
        var orders = scope.ServiceProvider.GetRequiredService<IOrderStore>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        Assert.Equal(PlanSettings.Store, await PlanSettings.ReadAsync(db));
        Assert.Null(await orders.LastDeliveryAsync("line", "U-nobody", default));
        Assert.Equal(PlanSettings.Store, await PlanSettings.ReadAsync(db));
    }

    private sealed record PreparedPlans(long Generic, long Custom);
}
