using ChatCommerce.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace ChatCommerce.IntegrationTests.Production;

/// <summary>
/// PostgreSQL finds the inbox's open events through <c>inbox_open</c>, which triggers keep equal to
/// the inbox's pending and dead-lettered rows, so that no index of the inbox names its status and
/// an event marked done is a new version of its row on the same page.
/// </summary>
[Collection(ProductionCollection.Name)]
public sealed class InboxOpenEventsTests(ProductionServers servers)
{
    private const string Before = "20261205132434_OrderLinesBySku";

    private const string OpenRows = """
        SELECT "Id","Conversation","EventTimestampMs","ReceivedAtMs","NextAttemptAtMs","Dead" FROM inbox_open ORDER BY "Id"
        """;

    private const string InboxOpenRows = """
        SELECT "Id","Conversation","EventTimestampMs","ReceivedAtMs","NextAttemptAtMs","Status"<>'Pending' FROM inbox
        WHERE "Status" IN ('Pending','DeadLettered') ORDER BY "Id"
        """;

    [Fact]
    public async Task AnUpgradedDatabaseKeepsItsPendingAndDeadLetteredEventsOpen()
    {
        var connection = await servers.Postgres.CreateDatabaseAsync();
        await using (var old = Context(connection))
        {
            await old.GetService<IMigrator>().MigrateAsync(Before);
        }

        await using (var db = await OpenAsync(connection))
        {
            await InsertAsync(db, ("e1", "Pending"), ("e2", "Done"), ("e3", "DeadLettered"), ("e4", "Failed"), ("e5", "Skipped"), ("e6", "Pending"));
        }

        await using (var upgraded = Context(connection))
        {
            await upgraded.Database.MigrateAsync();
        }

        await using var check = await OpenAsync(connection);
        var open = await RowsAsync(check, "SELECT i.\"EventId\", o.\"Dead\" FROM inbox_open o JOIN inbox i ON i.\"Id\"=o.\"Id\" ORDER BY i.\"EventId\"");
        Assert.Equal(["e1 False", "e3 True", "e4 True", "e6 False"], open);
        // No index of the inbox names its status any more.
        Assert.Empty(await RowsAsync(check, "SELECT indexname FROM pg_indexes WHERE tablename='inbox' AND indexdef LIKE '%Status%'"));
        Assert.Equal(["fillfactor=60"], await RowsAsync(check, "SELECT unnest(reloptions) FROM pg_class WHERE relname='inbox'"));
    }

    [Fact]
    public async Task EveryChangeOfTheInboxKeepsItsOpenEventsEqual()
    {
        await using var db = await MigratedAsync();
        async Task SameAsync(string step)
        {
            var open = await RowsAsync(db, OpenRows);
            Assert.True(open.SequenceEqual(await RowsAsync(db, InboxOpenRows)), $"after {step}: {string.Join("; ", open)}");
        }

        // The intake's write: several events in one statement, one of them already stored.
        await InsertAsync(db, ("a", "Pending"), ("b", "Pending"), ("c", "Pending"), ("d", "Pending"));
        await InsertAsync(db, ("d", "Pending"), ("e", "Pending"));
        Assert.Equal(5, (await RowsAsync(db, OpenRows)).Count);
        await SameAsync("the intake");

        // A commit group marks two done; a failure puts one off; another is dead-lettered.
        await ExecuteAsync(db, "UPDATE inbox SET \"Status\"='Done' WHERE \"EventId\" IN ('a','b')");
        await SameAsync("completions");
        await ExecuteAsync(db, "UPDATE inbox SET \"Attempts\"=\"Attempts\"+1, \"NextAttemptAtMs\"=99 WHERE \"EventId\"='c'");
        await SameAsync("a failure");
        await ExecuteAsync(db, "UPDATE inbox SET \"Status\"='DeadLettered', \"Note\"='poison' WHERE \"EventId\"='d'");
        await SameAsync("a dead letter");
        Assert.Equal(["True"], await RowsAsync(db, "SELECT o.\"Dead\" FROM inbox_open o JOIN inbox i ON i.\"Id\"=o.\"Id\" WHERE i.\"EventId\"='d'"));

        // The owner retries it; a payload rewritten (an erasure) changes nothing open.
        await ExecuteAsync(db, "UPDATE inbox SET \"Status\"='Pending', \"Attempts\"=0, \"ReceivedAtMs\"=500 WHERE \"EventId\"='d'");
        await SameAsync("a retry");
        await ExecuteAsync(db, "UPDATE inbox SET \"Payload\"='{}' WHERE \"EventId\" IN ('c','e')");
        await SameAsync("a payload rewritten");

        // Retention and erasure delete rows, open or not.
        await ExecuteAsync(db, "UPDATE inbox SET \"Status\"='DeadLettered' WHERE \"EventId\"='e'");
        await ExecuteAsync(db, "DELETE FROM inbox WHERE \"EventId\" IN ('a','e')");
        await SameAsync("deletes");
        Assert.Equal(["c", "d"], await RowsAsync(db, "SELECT i.\"EventId\" FROM inbox_open o JOIN inbox i ON i.\"Id\"=o.\"Id\" ORDER BY 1"));
    }

    [Fact]
    public async Task EventsMarkedDoneStayOnTheirPagesWithNoIndexEntry()
    {
        await using var db = await MigratedAsync();
        // Forty events of about a kilobyte each (what a stored text message weighs), stored in one write.
        await InsertAsync(db, Enumerable.Range(0, 40).Select(i => ("ev" + i, "Pending")).ToArray());
        await using var transaction = await db.BeginTransactionAsync();
        await ExecuteAsync(db, "UPDATE inbox SET \"Status\"='Done' WHERE \"Status\"='Pending'");
        var counts = await RowsAsync(db, "SELECT n_tup_upd || ' ' || n_tup_hot_upd FROM pg_stat_xact_user_tables WHERE relname='inbox'");
        var (updated, onPage) = (int.Parse(counts[0].Split(' ')[0]), int.Parse(counts[0].Split(' ')[1]));
        Assert.Equal(40, updated);
        // With a fill factor of 60 three of a page's four rows find room beside themselves (the
        // fourth only once the page is pruned); with an index on the status none would.
        Assert.True(onPage >= 25, $"{onPage} of {updated} updates on their page");
    }

    /// <summary>A new database with every migration applied, opened.</summary>
    private async Task<NpgsqlConnection> MigratedAsync()
    {
        var connection = await servers.Postgres.CreateDatabaseAsync();
        await using (var schema = Context(connection))
        {
            await schema.Database.MigrateAsync();
        }

        return await OpenAsync(connection);
    }

    private static PostgresChatCommerceDbContext Context(string connection) =>
        new(new DbContextOptionsBuilder<PostgresChatCommerceDbContext>().UseNpgsql(connection).Options);

    private static async Task<NpgsqlConnection> OpenAsync(string connection)
    {
        var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        return db;
    }

    /// <summary>As the intake writes: one statement, a duplicate (channel, event id) not added.</summary>
    private static async Task InsertAsync(NpgsqlConnection db, params (string EventId, string Status)[] events)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO inbox ("Channel","EventId","Conversation","EventTimestampMs","ReceivedAtMs","Status","Attempts","NextAttemptAtMs","Payload")
            SELECT 'line', v.e, 'line:U' || v.n, 1000 + v.n, 2000, v.s, 0, 0, repeat('x', 1000) FROM unnest(@e, @s) WITH ORDINALITY AS v(e, s, n)
            ON CONFLICT ("Channel","EventId") DO NOTHING
            """, db);
        command.Parameters.AddWithValue("e", events.Select(e => e.EventId).ToArray());
        command.Parameters.AddWithValue("s", events.Select(e => e.Status).ToArray());
        await command.ExecuteNonQueryAsync();
    }

    private static async Task ExecuteAsync(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> RowsAsync(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join(" ", Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }

        return rows;
    }
}
