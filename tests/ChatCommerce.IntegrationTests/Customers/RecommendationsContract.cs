using ChatCommerce.Domain.Customers;
using ChatCommerce.Domain.Orders;
using ChatCommerce.Infrastructure.Data;
using ChatCommerce.IntegrationTests.Production;
using ChatCommerce.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.IntegrationTests.Customers;

/// <summary>
/// A customer's picks on both databases (the demo catalog): co-purchases read from each bought
/// product's latest orders only, then the categories they buy from, then the shop's best sellers
/// (orders not cancelled), only active products in stock, never what they bought.
/// </summary>
public abstract class RecommendationsContract : ProviderContract
{
    private int _orders;

    private Order NewOrder(string user, OrderStatus status, params (string Sku, int Quantity)[] lines)
    {
        var n = ++_orders;
        var at = DateTimeOffset.UtcNow.AddMinutes(n - 1_000).ToUnixTimeMilliseconds();
        return new Order
        {
            Number = $"R{n:D6}", IdempotencyKey = $"picks-{n}", Channel = "line", UserId = user, Status = status, PaymentState = PaymentState.Paid,
            PaymentMethod = "transfer", TotalSatang = 10_000, CreatedAtMs = at, UpdatedAtMs = at,
            Lines = [.. lines.Select(l => new OrderLine { Sku = l.Sku, Name = l.Sku, Quantity = l.Quantity, UnitPriceSatang = 100 })],
        };
    }

    /// <summary>Saved one at a time, in order: an order's key is its age.</summary>
    private Task AddAsync(IEnumerable<Order> orders) => Host.QueryAsync(async db =>
    {
        foreach (var order in orders)
        {
            db.Orders.Add(order);
            await db.SaveChangesAsync();
        }

        return 0;
    });

    [Fact]
    public async Task PicksRankCoPurchasesOfRecentOrdersThenCategoriesThenBestSellers()
    {
        var me = CustomerIds.New();
        await Host.QueryAsync(async db =>
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            db.Customers.Add(new Customer { Id = me, DisplayName = "Ploy", CreatedAtMs = now, UpdatedAtMs = now });
            db.Contacts.Add(new ContactRecord { Channel = "line", UserId = "U-me", CustomerId = me, FirstSeenAtMs = now, UpdatedAtMs = now });
            return await db.SaveChangesAsync();
        });

        // Long ago, fisherman pants were bought with the mango; then 200 orders of the mango alone.
        await AddAsync([NewOrder("U-old", OrderStatus.Delivered, ("SN-MNG", 1), ("PT-FSH", 1))]);
        await AddAsync(Enumerable.Range(0, 200).Select(i => NewOrder($"U-alone-{i}", OrderStatus.Delivered, ("SN-MNG", 1))));

        // Lately: soap with the mango three times, a white T-shirt once, chili paste (sold out) once.
        await AddAsync([
            .. Enumerable.Range(0, 3).Select(i => NewOrder($"U-soap-{i}", OrderStatus.Confirmed, ("SN-MNG", 2), ("BT-SOP", 1))),
            NewOrder("U-shirt", OrderStatus.Delivered, ("TS-WHT", 1), ("SN-MNG", 1)),
            NewOrder("U-chili", OrderStatus.Delivered, ("SN-MNG", 1), ("SN-CHI", 1)),
        ]);

        // Best sellers elsewhere; a cancelled order counts for nothing.
        await AddAsync([
            NewOrder("U-tote", OrderStatus.Delivered, ("BG-TOT", 50)),
            NewOrder("U-sun", OrderStatus.Confirmed, ("BT-SUN", 10)),
            NewOrder("U-linen", OrderStatus.Cancelled, ("SH-LIN", 999)),
        ]);

        // The customer's own order, and one they cancelled (what it held is not theirs).
        await AddAsync([NewOrder("U-me", OrderStatus.Delivered, ("SN-MNG", 1)), NewOrder("U-me", OrderStatus.Cancelled, ("BT-SER", 1))]);

        await using var scope = Host.Services.CreateAsyncScope();
        var insights = scope.ServiceProvider.GetRequiredService<ICustomerInsights>();
        var picks = await insights.RecommendedSkusAsync(me, 20, default);

        // Bought together (most often first); the pants' co-purchase is older than the mango's
        // latest 200 orders. Then the other snacks in stock (none sold: by SKU). Then the rest by
        // units sold, the pants' one unit still counting there; the linen's cancelled 999 not.
        Assert.Equal(
            ["BT-SOP", "TS-WHT", "SN-BOX", "SN-DUR", "SN-TEA", "BG-TOT", "BT-SUN", "PT-FSH", "BT-LIP", "BT-SER", "SH-LIN", "TS-BLK"],
            picks);
        Assert.Equal(200, EfCustomerInsights.CoPurchaseWindow);
        Assert.Equal(["BT-SOP", "TS-WHT", "SN-BOX"], await insights.RecommendedSkusAsync(me, 3, default));

        // Someone who never bought anything gets the best sellers.
        Assert.Equal(["SN-MNG", "BG-TOT", "BT-SUN"], await insights.RecommendedSkusAsync(CustomerIds.New(), 3, default));
    }
}

public sealed class SqliteRecommendationsTests : RecommendationsContract
{
    protected override Task<IDictionary<string, string?>> SettingsAsync() => Task.FromResult<IDictionary<string, string?>>(new Dictionary<string, string?>());

    /// <summary>SQLite walks the lines of each bought product from its window's cut, never every order line.</summary>
    [Fact]
    public async Task PicksReachOrderLinesByKeyOnly()
    {
        var plan = await Host.QueryAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            // The statistics of a shop with a million order lines (300 products, 300,000 orders,
            // 50,000 customers): the planner's choices for an empty shop prove nothing.
            await using (var stats = db.Database.GetDbConnection().CreateCommand())
            {
                stats.CommandText = """
                    ANALYZE;
                    DELETE FROM sqlite_stat1 WHERE tbl IN ('order_lines', 'orders', 'contacts');
                    INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES
                      ('order_lines', 'IX_order_lines_Sku_OrderId', '1000000 3300 1'),
                      ('order_lines', 'IX_order_lines_OrderId', '1000000 3'),
                      ('orders', 'IX_orders_Channel_UserId_CreatedAtMs', '300000 150000 6 1'),
                      ('contacts', 'IX_contacts_CustomerId', '50000 1'),
                      ('contacts', 'IX_contacts_Channel_UserId', '50000 25000 1');
                    ANALYZE sqlite_schema;
                    """;
                await stats.ExecuteNonQueryAsync();
            }

            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + EfCustomerInsights.PicksQuery;
            foreach (var (name, value) in new (string, object)[] { ("@c", "someone"), ("@window", EfCustomerInsights.CoPurchaseWindow) })
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }

            var details = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                details.Add(reader.GetString(3));
            }

            return details;
        });

        Assert.Contains(plan, d => d.Contains("IX_order_lines_Sku_OrderId (Sku=? AND OrderId>?)", StringComparison.Ordinal));
        // No order lines read whole (aliases l and r), no index built on the fly for them.
        Assert.DoesNotContain(plan, d => System.Text.RegularExpressions.Regex.IsMatch(d, "^SCAN (l|r|order_lines)( |$)") || d.Contains("AUTOMATIC", StringComparison.Ordinal));
    }
}

[Collection(ProductionCollection.Name)]
public sealed class PostgresRecommendationsTests(ProductionServers servers) : RecommendationsContract
{
    protected override async Task<IDictionary<string, string?>> SettingsAsync() =>
        new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = await servers.Postgres.CreateDatabaseAsync() };

    /// <summary>Planned once a connection (generic, under key plans), the statement reaches order lines by key only.</summary>
    [Fact]
    public async Task PicksReachOrderLinesByKeyOnly()
    {
        var plan = await Host.QueryAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            var connection = db.Database.GetDbConnection();
            await using var transaction = await connection.BeginTransactionAsync();
            var prepared = EfCustomerInsights.PicksQuery.Replace("@c", "$1", StringComparison.Ordinal).Replace("@window", "$2", StringComparison.Ordinal);
            var lines = new List<string>();
            foreach (var sql in new[] { KeyPlans.Statement, "PREPARE picks(text, int) AS " + prepared, "EXPLAIN (COSTS OFF) EXECUTE picks('someone', 200)" })
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = sql;
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    lines.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) ?? "");
                }
            }

            await transaction.RollbackAsync();
            return lines;
        });

        Assert.Contains(plan, l => l.Contains("using \"IX_order_lines_Sku_OrderId\" on order_lines", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, l => l.Contains("Seq Scan", StringComparison.Ordinal));
    }

    /// <summary>The picks' statement runs under key plans inside a turn's transaction, whose later statements are planned as before.</summary>
    [Fact]
    public async Task PicksInsideATransactionLeaveItsPlanningAsItWas()
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatCommerceDbContext>();
        var insights = scope.ServiceProvider.GetRequiredService<ICustomerInsights>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var before = await PlanSettings.ReadAsync(db);
        Assert.Equal(PlanSettings.Store, before);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(3, (await insights.RecommendedSkusAsync(CustomerIds.New(), 3, default)).Count);
            Assert.Equal(before, await PlanSettings.ReadAsync(db));
        }
    }
}
