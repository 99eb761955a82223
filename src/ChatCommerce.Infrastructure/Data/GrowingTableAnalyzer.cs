using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>
/// Analyses the store's PostgreSQL tables while they grow. The hot path's statements are planned
/// once a connection (<see cref="KeyPlans"/>) and a plan is kept until its table is analysed. On a
/// table of a row or two, walking an index whole costs the planner the same as reaching a row by
/// its key, so a plan made then may walk, and it stays while the table grows: autovacuum analyses
/// at most once a minute (its <c>naptime</c>), and a shop opening to a broadcast gains thousands of
/// contacts in that minute (in the load tool, a run whose contacts' read was planned on a young
/// table read it whole, 6.4 ms a group instead of 0.3). So a table holding twice the rows it had at
/// its last analysis (and at least 1,000) is analysed now: a young table is analysed at each
/// doubling, a grown one left to autovacuum, and a table that stays small however busy (the
/// outbox, which keeps only messages in flight) is not analysed for it.
/// </summary>
internal sealed class GrowingTableAnalyzer(string connectionString, TimeSpan every, ILogger<GrowingTableAnalyzer> logger) : BackgroundService
{
    // reltuples is -1 until a table is first analysed or vacuumed; live rows as the server counts
    // them (its statistics, updated within a second of each commit). From pg_class itself rather
    // than the pg_stat_user_tables view: planned in 0.1 ms instead of 0.3 (3.5 ms against 0.1 on a
    // connection whose caches its own analyses just cleared; 7.5 ms a look in a loaded run).
    private const string Grown =
        "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        + " WHERE n.nspname = current_schema() AND c.relkind = 'r' AND pg_stat_get_live_tuples(c.oid) >= 2 * GREATEST(c.reltuples, 500)";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(every);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await AnalyzeGrownAsync(stoppingToken);
                }
                catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException && !stoppingToken.IsCancellationRequested)
                {
                    // The server away (restarting, unreachable): the next look tries again.
                    logger.LogDebug(e, "Could not look for grown tables");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    internal async Task AnalyzeGrownAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var grown = new List<string>();
        await using (var look = new NpgsqlCommand(Grown, connection))
        await using (var reader = await look.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                grown.Add(reader.GetString(0));
            }
        }

        foreach (var table in grown)
        {
            // A tenth of the default sample (3,000 rows): enough for the planner to see the table's
            // size and its keys' spread, and a tenth of the work (the inbox's 30,000 events took
            // 378 ms with their payloads, 29 ms so); autovacuum's own analyses keep the full
            // sample once the table grows slowly. SKIP_LOCKED: a table autovacuum (or another
            // instance) is working on is left to it.
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var analyze = new NpgsqlCommand("SET LOCAL default_statistics_target = 10; ANALYZE (SKIP_LOCKED) " + table, connection, transaction);
            await analyze.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            logger.LogDebug("Analysed {Table}: it had grown to twice its rows at its last analysis", table);
        }
    }
}
