using System.Diagnostics;
using System.Globalization;
using ChatCommerce.Domain.Customers;
using ChatCommerce.Infrastructure.Data;
using ChatCommerce.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ChatCommerce.Load;

/// <summary>
/// The customer scoring at scale: a PostgreSQL server of its own (durable, as in production),
/// the product's schema, generated customers, identities, orders and touchpoints, then the
/// product's own nightly recompute, timed. Prints one RESULT line.
/// </summary>
public static class ScoringBench
{
    public static async Task<int> RunAsync(int customers, int orders, int touchpoints, string? connection)
    {
        PostgresInstance? server = null;
        if (connection is null)
        {
            Console.WriteLine("starting PostgreSQL (durable: fsync and synchronous commit on)…");
            server = new PostgresInstance(durable: true);
            await server.StartAsync();
            connection = await server.CreateDatabaseAsync();
        }

        try
        {
            var options = new DbContextOptionsBuilder<PostgresChatCommerceDbContext>().UseNpgsql(connection).Options;
            await using (var schema = new PostgresChatCommerceDbContext(options))
            {
                await schema.Database.MigrateAsync();
            }

            var generated = Stopwatch.StartNew();
            await GenerateAsync(connection, customers, orders, touchpoints);
            Console.WriteLine($"generated {customers:N0} customers, {orders:N0} orders, {touchpoints:N0} touchpoints in {generated.Elapsed.TotalSeconds:N0} s");

            var runs = new List<ScoringRun>();
            for (var i = 0; i < 2; i++)
            {
                await using var db = new PostgresChatCommerceDbContext(options);
                var scores = new SqlCustomerScores(db, new DbWrites(db, new SqliteWriteGate()), new FixedOptions(new CustomerOptions()), TimeProvider.System);
                var run = await scores.RecomputeAllAsync(CancellationToken.None);
                runs.Add(run);
                Console.WriteLine($"recompute {(i == 0 ? "(first, cold)" : "(again)")}: {run.Customers:N0} customers, {run.Buyers:N0} buyers in {run.Took.TotalSeconds:N1} s; F cuts {string.Join("/", run.FrequencyCuts)}, M cuts {string.Join("/", run.MonetaryCuts)} satang");
            }

            var single = await RescoreSomeAsync(options, connection, 200);
            Console.WriteLine($"one order's rescoring of its customer: median {single.Median:N1} ms, p99 {single.P99:N1} ms over 200 customers");
            await PrintSegmentsAsync(connection);
            var worst = runs.Max(r => r.Took.TotalSeconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT scoring customers={customers} orders={orders} touchpoints={touchpoints} seconds={worst:0.0} target=300 {(worst < 300 ? "met" : "missed")}"));
            return worst < 300 ? 0 : 1;
        }
        finally
        {
            if (server is not null)
            {
                await server.StopAsync();
            }
        }
    }

    /// <summary>Set-based inserts in chunks, then VACUUM ANALYZE as after any bulk load.</summary>
    private static async Task GenerateAsync(string connectionString, int customers, int orders, int touchpoints)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        async Task ChunkedAsync(string what, int total, string sql)
        {
            const int chunk = 1_000_000;
            var watch = Stopwatch.StartNew();
            for (var from = 1; from <= total; from += chunk)
            {
                await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
                command.Parameters.AddWithValue("a", (long)from);
                command.Parameters.AddWithValue("b", (long)Math.Min(total, from + chunk - 1));
                command.Parameters.AddWithValue("n", (long)customers);
                command.Parameters.AddWithValue("now", now);
                await command.ExecuteNonQueryAsync();
            }

            Console.WriteLine($"  {what}: {total:N0} in {watch.Elapsed.TotalSeconds:N0} s");
        }

        await ChunkedAsync("customers", customers, """
            INSERT INTO customers ("Id","DisplayName","CreatedAtMs","UpdatedAtMs","OrderCount","LifetimeValueSatang","Recency","Frequency","Monetary","Segment")
            SELECT md5(i::text), 'ลูกค้า ' || i, @now, @now, 0, 0, 0, 0, 0, 'prospect' FROM generate_series(@a, @b) i
            """);
        await ChunkedAsync("LINE identities", customers, """
            INSERT INTO contacts ("Channel","UserId","DisplayName","IsFollowing","HasProfile","FirstSeenAtMs","UpdatedAtMs","CustomerId")
            SELECT 'line', 'U' || md5('u' || i), 'ลูกค้า ' || i, TRUE, TRUE, @now, @now, md5(i::text) FROM generate_series(@a, @b) i
            """);
        await ChunkedAsync("Messenger identities (every fifth customer)", customers, """
            INSERT INTO contacts ("Channel","UserId","DisplayName","IsFollowing","HasProfile","FirstSeenAtMs","UpdatedAtMs","CustomerId")
            SELECT 'messenger', (7000000000000000 + i)::text, 'ลูกค้า ' || i, TRUE, TRUE, @now, @now, md5(i::text) FROM generate_series(@a, @b) i WHERE i % 5 = 0
            """);
        // Orders over two years, most from few customers (a power law over the first 60%), one in
        // twenty cancelled, one in four on a discount, baskets drawn from three per customer.
        await ChunkedAsync("orders", orders, """
            INSERT INTO orders ("Number","IdempotencyKey","Channel","UserId","Locale","CustomerName","Phone","Address","Postcode","ShippingMethod",
              "SubtotalSatang","ShippingFeeSatang","TotalSatang","PaymentFeeSatang","PaymentMethod","PaymentState","Status","LeadDaysMin","LeadDaysMax",
              "CreatedAtMs","UpdatedAtMs","DiscountSatang","BasketKey")
            SELECT 'B' || j, 'bench-' || j, 'line', 'U' || md5('u' || c), 'th', 'ลูกค้า ' || c, '08' || lpad((c % 100000000)::text, 8, '0'), 'ที่อยู่ ' || c, '10110', 'standard',
              amount, 4000, amount + 4000, 0, 'transfer',
              CASE WHEN j % 20 = 0 THEN 'Unpaid' ELSE 'Paid' END, CASE WHEN j % 20 = 0 THEN 'Cancelled' ELSE 'Delivered' END, 1, 3,
              at, at, CASE WHEN j % 4 = 0 THEN 2000 ELSE 0 END, substr(md5((c * 3 + j % 3)::text), 1, 16)
            FROM (SELECT j, 1 + floor(@n * 0.6 * power(random(), 1.7))::bigint AS c, (10000 + floor(random() * 300000))::bigint AS amount,
                         @now - floor(random() * 730 * 86400000)::bigint AS at
                  FROM generate_series(@a, @b) j) x
            """);
        await ChunkedAsync("touchpoints", touchpoints, """
            INSERT INTO touchpoints ("Conversation","Direction","Kind","Text","AtMs","Unsent","CustomerId","Channel","UserId","Intent","IntentConfidence","Sentiment","SentimentScore","Outcome")
            SELECT 'line:U' || md5('u' || c), CASE WHEN k % 2 = 0 THEN 'Inbound' ELSE 'Outbound' END, 'message:text', 'ขอดูสินค้าหน่อยค่ะ',
              @now - floor(random() * 730 * 86400000)::bigint, FALSE, md5(c::text), 'line', 'U' || md5('u' || c), 'browse', 0.9, 'neutral', 0.8,
              CASE WHEN k % 2 = 0 THEN 'replied' ELSE 'sent' END
            FROM (SELECT k, 1 + floor(random() * @n)::bigint AS c FROM generate_series(@a, @b) k) x
            """);
        var watch = Stopwatch.StartNew();
        await using (var vacuum = new NpgsqlCommand("VACUUM ANALYZE", connection) { CommandTimeout = 0 })
        {
            await vacuum.ExecuteNonQueryAsync();
        }

        Console.WriteLine($"  VACUUM ANALYZE in {watch.Elapsed.TotalSeconds:N0} s");
    }

    private static async Task<(double Median, double P99)> RescoreSomeAsync(DbContextOptions<PostgresChatCommerceDbContext> options, string connection, int count)
    {
        var users = new List<string>();
        await using (var npgsql = new NpgsqlConnection(connection))
        {
            await npgsql.OpenAsync();
            await using var command = new NpgsqlCommand($"SELECT \"UserId\" FROM orders ORDER BY random() LIMIT {count}", npgsql);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                users.Add(reader.GetString(0));
            }
        }

        var times = new List<double>();
        foreach (var user in users)
        {
            await using var db = new PostgresChatCommerceDbContext(options);
            var scores = new SqlCustomerScores(db, new DbWrites(db, new SqliteWriteGate()), new FixedOptions(new CustomerOptions()), TimeProvider.System);
            var watch = Stopwatch.StartNew();
            await scores.RescoreAsync("line", user, CancellationToken.None);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return (times[times.Count / 2], times[Math.Min(times.Count - 1, (int)(times.Count * 0.99))]);
    }

    private static async Task PrintSegmentsAsync(string connection)
    {
        await using var npgsql = new NpgsqlConnection(connection);
        await npgsql.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT \"Segment\", COUNT(*) FROM customers GROUP BY \"Segment\" ORDER BY 2 DESC", npgsql);
        await using var reader = await command.ExecuteReaderAsync();
        var parts = new List<string>();
        while (await reader.ReadAsync())
        {
            parts.Add($"{reader.GetString(0)} {reader.GetInt64(1):N0}");
        }

        Console.WriteLine("segments: " + string.Join(", ", parts));
    }

    private sealed class FixedOptions(CustomerOptions value) : IOptionsMonitor<CustomerOptions>
    {
        public CustomerOptions CurrentValue => value;

        public CustomerOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<CustomerOptions, string?> listener) => null;
    }
}
