using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatCommerce.Domain.Customers;
using ChatCommerce.Domain.Orders;
using ChatCommerce.Infrastructure.Data;
using ChatCommerce.IntegrationTests.Production;
using ChatCommerce.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.IntegrationTests.Customers;

/// <summary>
/// RFM scores, segments, tiers and needs from order histories, on both databases: the full run
/// (set-based, boundaries from the buyers) and an order's rescoring of its customer.
/// </summary>
public abstract class CustomerScoringContract : ProviderContract
{
    private long _orders;

    /// <summary>A customer with a LINE identity and these orders (days ago, total in baht, discounted, basket).</summary>
    protected async Task<string> CustomerAsync(string user, params (int DaysAgo, long Baht, bool Discounted, string Basket, OrderStatus Status, PaymentState Payment)[] orders)
    {
        var id = CustomerIds.New();
        var now = DateTimeOffset.UtcNow;
        await Host.QueryAsync(async db =>
        {
            db.Customers.Add(new Customer { Id = id, DisplayName = user, CreatedAtMs = now.AddYears(-2).ToUnixTimeMilliseconds(), UpdatedAtMs = now.ToUnixTimeMilliseconds() });
            db.Contacts.Add(new ContactRecord { Channel = "line", UserId = user, CustomerId = id, FirstSeenAtMs = now.AddYears(-2).ToUnixTimeMilliseconds(), UpdatedAtMs = now.ToUnixTimeMilliseconds() });
            foreach (var o in orders)
            {
                var n = Interlocked.Increment(ref _orders);
                db.Orders.Add(new Order
                {
                    Number = $"T{n:D6}", IdempotencyKey = $"scoring-{n}", Channel = "line", UserId = user, Status = o.Status, PaymentState = o.Payment,
                    PaymentMethod = "transfer", TotalSatang = o.Baht * 100, DiscountSatang = o.Discounted ? 5_000 : 0, BasketKey = o.Basket,
                    CreatedAtMs = now.AddDays(-o.DaysAgo).ToUnixTimeMilliseconds(), UpdatedAtMs = now.ToUnixTimeMilliseconds(),
                });
            }

            return await db.SaveChangesAsync();
        });
        return id;
    }

    protected static (int, long, bool, string, OrderStatus, PaymentState) Paid(int daysAgo, long baht, bool discounted = false, string? basket = null) =>
        (daysAgo, baht, discounted, basket ?? Guid.NewGuid().ToString("N")[..16], OrderStatus.Delivered, PaymentState.Paid);

    protected Task<Customer> ScoredAsync(string id) => Host.QueryAsync(db => db.Customers.AsNoTracking().SingleAsync(c => c.Id == id));

    [Fact]
    public async Task TheNightlyRunNamesSegmentsTiersAndNeedsFromOrderHistories()
    {
        var champion = await CustomerAsync("U-champion", [.. Enumerable.Range(0, 10).Select(i => Paid(3 + i * 10, 4_000))]);
        var loyal = await CustomerAsync("U-loyal", [.. Enumerable.Range(0, 6).Select(i => Paid(90 + i * 20, 1_000, basket: "same-basket-0001"))]);
        var newcomer = await CustomerAsync("U-new", Paid(10, 300), (5, 900, false, "x", OrderStatus.Cancelled, PaymentState.Unpaid), (1, 900, false, "y", OrderStatus.AwaitingPayment, PaymentState.Unpaid));
        var potential = await CustomerAsync("U-potential", Paid(20, 400, discounted: true), Paid(40, 400, discounted: true));
        var atRisk = await CustomerAsync("U-at-risk", [.. Enumerable.Range(0, 4).Select(i => Paid(150 + i * 30, 800))]);
        var lost = await CustomerAsync("U-lost", Paid(400, 200));
        var prospect = await CustomerAsync("U-prospect");

        await using (var scope = Host.Services.CreateAsyncScope())
        {
            var run = await scope.ServiceProvider.GetRequiredService<ICustomerScores>().RecomputeAllAsync(default);
            Assert.Equal(6, run.Buyers);
            Assert.Equal(7, run.Customers);
            Assert.Equal([1L, 2, 4, 6], run.FrequencyCuts);
        }

        var c = await ScoredAsync(champion);
        Assert.Equal((Segments.Champions, 5, 5, 5, 10, 4_000_000L, "platinum"), (c.Segment, c.Recency, c.Frequency, c.Monetary, c.OrderCount, c.LifetimeValueSatang, c.Tier));
        var l = await ScoredAsync(loyal);
        Assert.Equal((Segments.Loyal, 3, 4, "silver", "convenience"), (l.Segment, l.Recency, l.Frequency, l.Tier, l.Needs));
        var n = await ScoredAsync(newcomer);
        Assert.Equal((Segments.New, 1, 30_000L, (string?)null), (n.Segment, n.OrderCount, n.LifetimeValueSatang, n.Tier));
        var p = await ScoredAsync(potential);
        Assert.Equal((Segments.Potential, "price_sensitive"), (p.Segment, p.Needs));
        Assert.Equal(Segments.AtRisk, (await ScoredAsync(atRisk)).Segment);
        Assert.Equal((Segments.Lost, 1), ((await ScoredAsync(lost)).Segment, (await ScoredAsync(lost)).Recency));
        var nobody = await ScoredAsync(prospect);
        Assert.Equal((Segments.Prospect, 0, 0, 0), (nobody.Segment, nobody.Recency, nobody.Frequency, nobody.Monetary));

        // The lost customer orders again: their record is rescored with the order, and the move is seen.
        await Host.QueryAsync(async db =>
        {
            db.Orders.Add(new Order
            {
                Number = "T999999", IdempotencyKey = "scoring-back", Channel = "line", UserId = "U-lost", Status = OrderStatus.Confirmed, PaymentState = PaymentState.Paid,
                PaymentMethod = "transfer", TotalSatang = 50_000, CreatedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), UpdatedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            });
            return await db.SaveChangesAsync();
        });
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ICustomerScores>().RescoreAsync("line", "U-lost", default);
        }

        var back = await ScoredAsync(lost);
        Assert.Equal((Segments.Potential, Segments.Lost, 5, 2, 2), (back.Segment, back.PreviousSegment, back.Recency, back.Frequency, back.OrderCount));
        Assert.Equal(Segments.Champions, (await ScoredAsync(champion)).Segment);

        using var owner = Owner();
        var segments = (await owner.GetFromJsonAsync<JsonObject>("/api/v1/segments"))!;
        var sizes = segments["segments"]!.AsArray().ToDictionary(s => (string)s!["segment"]!, s => (int)s!["customers"]!);
        Assert.Equal(1, sizes[Segments.Champions]);
        Assert.Equal(0, sizes[Segments.Lost]);
        Assert.Equal(2, sizes[Segments.Potential]);
        Assert.Contains(segments["moves"]!.AsArray(), m => (string?)m!["from"] == Segments.Lost && (string?)m["to"] == Segments.Potential && (int)m["customers"]! == 1);
        Assert.Single((await owner.GetFromJsonAsync<JsonArray>("/api/v1/customers?segment=champions"))!);

        // The owner's tiers replace the defaults and everyone is rescored.
        var saved = await owner.PutAsJsonAsync("/api/v1/segments/tiers", new[] { new { name = "VIP", minSpendSatang = 500_000L } });
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        Assert.Equal("vip", (await ScoredAsync(loyal)).Tier);
        Assert.Null((await ScoredAsync(potential)).Tier);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await owner.PutAsJsonAsync("/api/v1/segments/tiers", new[] { new { name = "a", minSpendSatang = 1L }, new { name = "b", minSpendSatang = 1L } })).StatusCode);
    }
}

public sealed class SqliteCustomerScoringTests : CustomerScoringContract
{
    protected override Task<IDictionary<string, string?>> SettingsAsync() => Task.FromResult<IDictionary<string, string?>>(new Dictionary<string, string?>());
}

[Collection(ProductionCollection.Name)]
public sealed class PostgresCustomerScoringTests(ProductionServers servers) : CustomerScoringContract
{
    protected override async Task<IDictionary<string, string?>> SettingsAsync() =>
        new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = await servers.Postgres.CreateDatabaseAsync() };

    /// <summary>
    /// An order rescores its customer inside the turn's transaction, with a statement planned once
    /// a connection under settings of its own: the turn's later statements are planned as before.
    /// </summary>
    [Fact]
    public async Task RescoringInsideATransactionLeavesItsPlanningAsItWas()
    {
        var id = await CustomerAsync("U-plans", Paid(5, 700), Paid(9, 300));
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ChatCommerceDbContext>();
            var scores = scope.ServiceProvider.GetRequiredService<ICustomerScores>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var before = await PlanSettings.ReadAsync(db);
            Assert.Equal(PlanSettings.Store, before);

            // Three times: the connection prepares the statement at its second use and keeps its plan.
            for (var i = 0; i < 3; i++)
            {
                await scores.RescoreCustomerAsync(id, default);
                Assert.Equal(before, await PlanSettings.ReadAsync(db));
            }

            await transaction.CommitAsync();
        }

        var scored = await ScoredAsync(id);
        Assert.Equal((2, 100_000L), (scored.OrderCount, scored.LifetimeValueSatang));
    }
}
