using ChatCommerce.Infrastructure.Jobs;
using ChatCommerce.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.IntegrationTests.Pipeline;

/// <summary>Raw webhook events and finished outgoing messages are deleted after the retention period; nothing unfinished is.</summary>
public sealed class RetentionTests
{
    [Fact]
    public async Task ThePurgeDeletesWhatIsFinishedAndOlderThanThePeriodAndKeepsTheRest()
    {
        var faults = new Faults { PoisonText = "boom" };
        await using var fakes = await FakePlatformServer.StartAsync();
        // A period of 0 days: everything finished before now is past it.
        await using var host = await PipelineHost.StartAsync(fakes, faults, new Dictionary<string, string?>
        {
            ["ChatCommerce:Retention:RawPayloadDays"] = "0",
            ["ChatCommerce:Pipeline:MaxAttempts"] = "50",
            ["ChatCommerce:Pipeline:FirstRetryDelay"] = "00:10:00",
        });
        const string Answered = "U0000000000000000000000000000a811";
        const string Failing = "U0000000000000000000000000000a812";
        const string Unsent = "U0000000000000000000000000000a813";
        await fakes.Line.DeliverAsync(fakes.Line.TextEvent(Answered, "สวัสดีค่ะ"));
        await Eventually.TrueAsync(() => fakes.Line.SentTo(Answered).Count == 1);
        // The platform has the answer before its message leaves the outbox (outcomes are written in batches).
        await Eventually.TrueAsync(async () => (await host.OutboxAsync()) is [], what: "the delivered message left the outbox");
        await fakes.Line.DeliverAsync(fakes.Line.TextEvent(Failing, "boom"));
        fakes.Line.Failures.Fail("reply", 500, 1000);
        fakes.Line.Failures.Fail("push", 500, 1000);
        await fakes.Line.DeliverAsync(fakes.Line.TextEvent(Unsent, "สวัสดีค่ะ"));
        await Eventually.TrueAsync(async () => (await host.OutboxAsync()).Any(o => o.Status == "Pending"));
        await Eventually.TrueAsync(async () => (await host.InboxAsync()).Any(i => i.Status == "Pending" && i.Attempts >= 1));
        var interactions = (await host.InteractionsAsync()).Count;

        // A message given up on earlier (its row kept, with its reason, until retention).
        await host.QueryAsync(async db =>
        {
            var given = await db.Outbox.AsNoTracking().SingleAsync();
            given.Id = 0;
            given.Status = "Expired";
            given.Note = "stale before it could be delivered";
            db.Outbox.Add(given);
            return await db.SaveChangesAsync();
        });

        int deleted;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            deleted = await scope.ServiceProvider.GetRequiredService<RetentionJob>().RunAsync(default);
        }

        // Gone: the two handled events and the message given up on. Kept: the event still being
        // retried, the message still being delivered, and the conversation history.
        Assert.Equal(3, deleted);
        var inbox = Assert.Single(await host.InboxAsync());
        Assert.Equal("Pending", inbox.Status);
        Assert.Contains("boom", inbox.Payload);
        Assert.Equal("Pending", Assert.Single(await host.OutboxAsync()).Status);
        Assert.Equal(interactions, (await host.InteractionsAsync()).Count);
    }
}

/// <summary>What shoppers write stays out of the logs at the levels a shop runs with.</summary>
public sealed class LogPrivacyTests
{
    [Fact]
    public async Task NoMessageTextIsLoggedAtInformationOrAbove()
    {
        var capture = new CapturingLoggerProvider();
        await using var fakes = await FakePlatformServer.StartAsync();
        await using var host = await TestHost.StartAsync(
            fakes,
            new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Information" },
            services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(capture));
        const string User = "U0000000000000000000000000000a814";
        const string Secret = "บ้านเลขที่ 77 ซอยลับสุดยอด เบอร์ 0899999999";
        fakes.Line.Failures.Fail("reply", 400, 1);
        await fakes.Line.DeliverAsync(fakes.Line.TextEvent(User, "สวัสดีค่ะ"));
        await fakes.Line.DeliverAsync(fakes.Line.TextEvent(User, Secret));
        await Eventually.TrueAsync(async () => (await host.InboxAsync()).Count(i => i.Status != "Pending") == 2);
        await Eventually.QuietAsync();
        Assert.NotEmpty(capture.Lines);
        Assert.DoesNotContain(capture.Lines, l => l.Contains("ซอยลับสุดยอด", StringComparison.Ordinal) || l.Contains("0899999999", StringComparison.Ordinal));
    }

    private sealed class CapturingLoggerProvider : Microsoft.Extensions.Logging.ILoggerProvider
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

        public IReadOnlyCollection<string> Lines => _lines;

        public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider owner) : Microsoft.Extensions.Logging.ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => logLevel >= Microsoft.Extensions.Logging.LogLevel.Information;

            public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    owner._lines.Enqueue(formatter(state, exception) + " " + exception);
                }
            }
        }
    }
}
