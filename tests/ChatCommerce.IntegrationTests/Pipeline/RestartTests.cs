using ChatCommerce.Conversations.Turns;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Ports;
using ChatCommerce.Infrastructure.InProcess;
using ChatCommerce.IntegrationTests.Production;
using ChatCommerce.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatCommerce.IntegrationTests.Pipeline;

/// <summary>What the pipeline holds in flight survives the host stopping.</summary>
public sealed class PipelineRestartTests
{
    private const string User = "U0000000000000000000000000000a805";

    [Fact]
    public async Task AnAnswerStillBeingRetriedWhenTheHostStopsIsDeliveredOnceAfterTheRestart()
    {
        var file = Path.Combine(Path.GetTempPath(), "cc-outbox-restart-" + Guid.NewGuid().ToString("N")[..8] + ".db");
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Sqlite"] = $"Data Source={file}",
            ["ChatCommerce:PlatformHttp:MaxRetries"] = "0",
            ["ChatCommerce:Outbox:FirstRetryDelay"] = "00:00:00.200",
        };
        await using var fakes = await FakePlatformServer.StartAsync();
        fakes.Line.Failures.Fail("reply", 500, 1000);
        fakes.Line.Failures.Fail("push", 500, 1000);
        await using (var first = await TestHost.StartAsync(fakes, settings))
        {
            await fakes.Line.DeliverAsync(fakes.Line.TextEvent(User, "สวัสดีค่ะ"));
            await Eventually.TrueAsync(async () => (await first.OutboxAsync()) is [{ Status: "Pending", Attempts: >= 2 }]);
        }

        // LINE is back; a new host on the same data takes the message over at once (no lease wait
        // in the embedded mode) and sends it once.
        fakes.Line.Failures.Heal();
        await using var second = await TestHost.StartAsync(fakes, settings);
        var sent = await Eventually.ValueAsync(() => fakes.Line.SentTo(User), s => s.Count == 1, TimeSpan.FromSeconds(10));
        Assert.Equal("reply", sent[0].Kind);
        await Eventually.TrueAsync(async () => (await second.OutboxAsync()) is [], what: "delivered: the message left the outbox");
        await Eventually.QuietAsync();
        Assert.Single(fakes.Line.SentTo(User));
        Assert.Single(await second.InboxAsync(), r => r.Status == "Done");
    }

    [Fact]
    public async Task TheConversationLockIsRenewedForAsLongAsTheDrainRuns()
    {
        // The test's own clock: a busy test machine cannot stall the keeper past the lock's life.
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var locks = new CountingLocks(new InProcessLockProvider(time));
        var conversation = new ConversationKey(Channel.Line, User);
        // Renewed once a third of its life has passed, looked at every sixth.
        var ttl = TimeSpan.FromSeconds(30);
        await using var keeper = new LeaseKeeper(time, ttl / 6, NullLogger.Instance);
        await using (var lease = await keeper.TryAcquireAsync(locks, conversation, ttl, default))
        {
            Assert.NotNull(lease);
            // Three and a half lives: seven renewals, one every second look.
            for (var look = 1; look <= 21; look++)
            {
                time.Advance(ttl / 6);
                var renewals = look / 2;
                await Eventually.TrueAsync(() => locks.Extensions == renewals, what: $"{renewals} renewals after {look} looks");
            }

            Assert.False(lease!.IsLost);
            Assert.Null(await keeper.TryAcquireAsync(locks, conversation, ttl, default));
            Assert.Equal(1, keeper.Held);
        }

        // Released: the keeper holds nothing and renews nothing, and the next drain takes the lock.
        Assert.Equal(0, keeper.Held);
        var before = locks.Extensions;
        time.Advance(ttl);
        await using var next = await keeper.TryAcquireAsync(locks, conversation, ttl, default);
        Assert.NotNull(next);
        Assert.Equal(before, locks.Extensions);
    }

    /// <summary>Counts the renewals that reach the lock store.</summary>
    private sealed class CountingLocks(IDistributedLockProvider inner) : IDistributedLockProvider
    {
        private int _extensions;

        public int Extensions => Volatile.Read(ref _extensions);

        public async Task<ILockHandle?> TryAcquireAsync(string key, TimeSpan timeToLive, TimeSpan wait, CancellationToken cancellationToken)
            => await inner.TryAcquireAsync(key, timeToLive, wait, cancellationToken) is { } handle ? new Counted(this, handle) : null;

        private sealed class Counted(CountingLocks owner, ILockHandle inner) : ILockHandle
        {
            public string Key => inner.Key;

            public async Task<bool> ExtendAsync(TimeSpan timeToLive)
            {
                var extended = await inner.ExtendAsync(timeToLive);
                Interlocked.Increment(ref owner._extensions);
                return extended;
            }

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }

    [Fact]
    public async Task ALockThatExpiredAndWasTakenIsReportedLost()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var locks = new InProcessLockProvider(time);
        var conversation = new ConversationKey(Channel.Line, User);
        var ttl = TimeSpan.FromSeconds(30);
        await using var keeper = new LeaseKeeper(time, ttl / 6, NullLogger.Instance);
        await using var lease = await keeper.TryAcquireAsync(locks, conversation, ttl, default);
        Assert.NotNull(lease);

        // The process stalled past the lock's life; another instance took the conversation.
        time.Advance(ttl + TimeSpan.FromSeconds(1));
        await using var other = await locks.TryAcquireAsync("lock:" + conversation, ttl, TimeSpan.Zero, default);
        Assert.NotNull(other);

        // The keeper's next look finds the lease due, its renewal refused: the drain stops.
        await Eventually.TrueAsync(() =>
        {
            time.Advance(ttl / 6);
            return Task.FromResult(lease!.IsLost);
        });
        Assert.Equal(0, keeper.Held);
    }
}

/// <summary>PostgreSQL without Redis: in-process locks, Hangfire on PostgreSQL, and our schema beside Hangfire's.</summary>
[Collection(ProductionCollection.Name)]
public sealed class PostgresOnlyTests(ProductionServers servers)
{
    private const string User = "U0000000000000000000000000000a806";

    [Fact]
    public async Task AnswersTheShopperWithHangfireSchemaInTheSameDatabase()
    {
        await using var fakes = await FakePlatformServer.StartAsync();
        await using var host = await TestHost.StartAsync(fakes, new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = await servers.Postgres.CreateDatabaseAsync() });
        await fakes.Line.DeliverAsync(fakes.Line.TextEvent(User, "สวัสดีค่ะ"));
        // The first turn of a cold host whose Hangfire installs its schema beside ours: under the
        // whole suite's load in CI it once took longer than the default wait.
        await Eventually.ValueAsync(() => fakes.Line.SentTo(User), s => s.Count == 1, TimeSpan.FromSeconds(45));
        Assert.Equal("Done", (await host.InboxAsync()).Single().Status);
    }

    [Fact]
    public async Task ParallelOwnerChangesToOneOrderApplyOnce()
    {
        await using var fakes = await FakePlatformServer.StartAsync();
        await using var host = await TestHost.StartAsync(fakes, new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = await servers.Postgres.CreateDatabaseAsync(),
            ["ChatCommerce:Admin:ApiKey"] = Admin.ParallelOrderChanges.Key,
        });
        await Admin.ParallelOrderChanges.CancelsRestockOnceAndShippedIsAnnouncedOnceAsync(host, fakes, "U0000000000000000000000000000a810");
    }

    [Fact]
    public async Task OnAStorePoolOfOneConnectionNothingWaitsForASecondOne()
    {
        // What a caller may wait on while it holds a connection of the store's pool runs on a pool
        // of its own (NestedContexts): the catalog and promotions, read again by whichever turn finds
        // them stale (at every read here), and the conversation state a shipping notice reads inside
        // the owner's change. With one connection in the store's pool a checkout and six parallel
        // owner changes all finish; with the state read on the store's pool the owner's changes
        // waited for it until its time-out and failed.
        await using var fakes = await FakePlatformServer.StartAsync();
        await using var host = await TestHost.StartAsync(fakes, new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = await servers.Postgres.CreateDatabaseAsync() + ";Maximum Pool Size=1;Timeout=3",
            ["ChatCommerce:Admin:ApiKey"] = Admin.ParallelOrderChanges.Key,
            ["ChatCommerce:Catalog:Freshness"] = "00:00:00",
        });
        const string buyer = "U0000000000000000000000000000a811";
        var chat = new Transcripts.LineDriver(fakes, buyer, async () =>
            (await host.InboxAsync()).All(r => r.Status != "Pending") && (await host.OutboxAsync()).All(r => r.Status != "Pending"));
        var confirmed = await Transcripts.ChatTurns.CheckoutAsync(chat, "โอนเข้าบัญชี");
        Assert.Matches(@"CC\d{6}", confirmed.Text);
        Assert.All(await host.InboxAsync(), r => Assert.Equal("Done", r.Status));

        await Admin.ParallelOrderChanges.CancelsRestockOnceAndShippedIsAnnouncedOnceAsync(host, fakes, "U0000000000000000000000000000a812");
    }

    [Fact]
    public async Task DrainsWaitingOnAPlatformHoldNoConnectionSoWebhooksAreStillStored()
    {
        // Twelve first contacts whose profiles take 2 s each, on a pool of four connections: a
        // drain that kept its connection while it waited would leave the webhooks none.
        await using var fakes = await FakePlatformServer.StartAsync();
        var database = await servers.Postgres.CreateDatabaseAsync();
        await using var host = await TestHost.StartAsync(fakes, new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = database + ";Maximum Pool Size=4;Timeout=2",
            ["ChatCommerce:Pipeline:ProfileTimeout"] = "00:00:05",
            ["ChatCommerce:Pipeline:ReorderWindow"] = "00:00:00",
        });
        // A first conversation end to end before the profiles hang: a fresh host's first webhook
        // (code compiled, connections opened) must not be what meets LINE's 2 s on a loaded machine.
        const string Warm = "U0000000000000000000000000000a9ff";
        Assert.True((await fakes.Line.DeliverAsync(fakes.Line.TextEvent(Warm, "สวัสดีค่ะ"))).Succeeded);
        await Eventually.TrueAsync(() => fakes.Line.SentTo(Warm).Count == 1);

        var users = Enumerable.Range(0, 12).Select(i => $"U{i:D30}a9").ToList();
        fakes.Line.Failures.Hang("profile", TimeSpan.FromSeconds(2), users.Count, processed: true);
        var first = await Task.WhenAll(users.Select(u => fakes.Line.DeliverAsync(fakes.Line.TextEvent(u, "สวัสดีค่ะ"))));
        Assert.All(first, a => Assert.True(a.Succeeded, a.Body));
        await Eventually.TrueAsync(() => fakes.Line.Failures.Calls("profile") >= 4);

        var second = await Task.WhenAll(users.Select(u => fakes.Line.DeliverAsync(fakes.Line.TextEvent(u, "มีอะไรขายบ้าง"))));
        Assert.All(second, a => Assert.True(a.Succeeded, a.Body));
        await Eventually.TrueAsync(() => users.All(u => fakes.Line.SentTo(u).Count == 2), TimeSpan.FromSeconds(30));
        Assert.All(await host.InboxAsync(), r => Assert.Equal("Done", r.Status));
    }

    [Fact]
    public async Task AStoppedHostLeavesNoConnectionOpenOnTheServer()
    {
        // Npgsql would keep an idle connection for minutes: hosts stopped and started in one
        // process (this suite, a web host's restart) would pile theirs up to max_connections.
        await using var fakes = await FakePlatformServer.StartAsync();
        var database = await servers.Postgres.CreateDatabaseAsync();
        var name = new Npgsql.NpgsqlConnectionStringBuilder(database).Database;
        await using (var host = await TestHost.StartAsync(fakes, new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = database }))
        {
            await fakes.Line.DeliverAsync(fakes.Line.TextEvent("U0000000000000000000000000000a807", "สวัสดีค่ะ"));
            await Eventually.TrueAsync(() => fakes.Line.SentTo("U0000000000000000000000000000a807").Count == 1, TimeSpan.FromSeconds(45));
            Assert.True(await ConnectionsToAsync(name!) > 0);
        }

        await Eventually.TrueAsync(async () => await ConnectionsToAsync(name!) == 0, TimeSpan.FromSeconds(10), what: "no connection left to " + name);
    }

    [Fact]
    public async Task AHostAnalysesATableThatGrewToTwiceItsRows()
    {
        // Plans made on a young table are made again as it grows (GrowingTableAnalyzer, every 2 s
        // by default): 2,000 contacts arrive at once, more than the 1,000 a first analysis waits for.
        await using var fakes = await FakePlatformServer.StartAsync();
        var database = await servers.Postgres.CreateDatabaseAsync();
        await using var host = await TestHost.StartAsync(fakes, new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = database });
        await host.QueryAsync(db => db.Database.ExecuteSqlRawAsync("""
            ALTER TABLE contacts SET (autovacuum_enabled = false);
            INSERT INTO contacts ("Channel","UserId","Language","LastUserMessageAtMs","IsFollowing","HasProfile","FirstSeenAtMs","UpdatedAtMs")
            SELECT 'line', 'Ugrown' || g, 'th', 0, TRUE, FALSE, 0, 0 FROM generate_series(1, 2000) g
            """));
        await Eventually.TrueAsync(
            async () => await host.QueryAsync(db => db.Database.SqlQueryRaw<long>("SELECT analyze_count AS \"Value\" FROM pg_stat_user_tables WHERE relname='contacts'").SingleAsync()) > 0,
            TimeSpan.FromSeconds(20),
            what: "contacts analysed");
    }

    private async Task<long> ConnectionsToAsync(string database)
    {
        await using var connection = new Npgsql.NpgsqlConnection(servers.Postgres.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = @d", connection);
        command.Parameters.AddWithValue("d", database);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
