using ChatCommerce.Conversations.Turns;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Infrastructure.InProcess;
using ChatCommerce.IntegrationTests.Production;
using ChatCommerce.IntegrationTests.Support;
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
        await Eventually.TrueAsync(async () => (await second.OutboxAsync()) is [{ Status: "Sent" }]);
        await Eventually.QuietAsync();
        Assert.Single(fakes.Line.SentTo(User));
        Assert.Single(await second.InboxAsync(), r => r.Status == "Done");
    }

    [Fact]
    public async Task TheConversationLockIsRenewedForAsLongAsTheDrainRuns()
    {
        var locks = new InProcessLockProvider(TimeProvider.System);
        var conversation = new ConversationKey(Channel.Line, User);
        var ttl = TimeSpan.FromMilliseconds(300);
        await using (var lease = await ConversationLease.TryAcquireAsync(locks, conversation, ttl, NullLogger.Instance, default))
        {
            Assert.NotNull(lease);
            await Task.Delay(ttl * 4);
            Assert.False(lease!.IsLost);
            Assert.Null(await ConversationLease.TryAcquireAsync(locks, conversation, ttl, NullLogger.Instance, default));
        }

        await using var next = await ConversationLease.TryAcquireAsync(locks, conversation, ttl, NullLogger.Instance, default);
        Assert.NotNull(next);
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
        await Eventually.ValueAsync(() => fakes.Line.SentTo(User), s => s.Count == 1);
        Assert.Equal("Done", (await host.InboxAsync()).Single().Status);
    }
}
