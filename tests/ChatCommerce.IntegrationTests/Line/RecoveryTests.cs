using ChatCommerce.Conversations.Inbox;
using ChatCommerce.Infrastructure.Jobs;
using ChatCommerce.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.IntegrationTests.Line;

/// <summary>Events stored but never handled (the instance died after answering 200) are not lost.</summary>
public sealed class RecoveryTests : HostedTest
{
    private const string User = "U00000000000000000000000000000d4";

    // The profile's retries must fit inside its time-out on a busy machine too (a cold client's
    // first call has taken most of the default 2 s in CI, leaving no time for a second).
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["ChatCommerce:Pipeline:ProfileTimeout"] = "00:00:10" };

    [Fact]
    public async Task TheSweepJobHandlesEventsLeftPendingByACrash()
    {
        var e = Fakes.Line.TextEvent(User, "ยังอยู่ไหมคะ");
        var parsed = Channels.Line.LineWebhookParser.Parse(System.Text.Encoding.UTF8.GetBytes(
            new System.Text.Json.Nodes.JsonObject { ["events"] = new System.Text.Json.Nodes.JsonArray(e) }.ToJsonString())).Events;

        // Stored as the webhook would, two minutes ago, but never scheduled: as if the process died.
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            var inbox = scope.ServiceProvider.GetRequiredService<IInbox>();
            Assert.Single(await inbox.AddAsync(parsed, DateTimeOffset.UtcNow.AddMinutes(-2), CancellationToken.None));
        }

        // Nothing schedules it but a sweep: the job runs every minute and once here (it may
        // already have been picked up by the minutely run, never twice).
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            Assert.InRange(await scope.ServiceProvider.GetRequiredService<InboxSweepJob>().RunAsync(CancellationToken.None), 0, 1);
        }

        // The reply token is long expired: the answer goes out by push, once.
        var sent = await Eventually.ValueAsync(() => Fakes.Line.SentTo(User), s => s.Count == 1);
        Assert.Equal("push", sent[0].Kind);
        var rows = await Eventually.ValueAsync(() => Host.InboxAsync().Result, r => r.Count == 1 && r[0].Status != "Pending");
        Assert.Equal("Done", rows[0].Status);
        await Eventually.QuietAsync();
        Assert.Single(Fakes.Line.SentTo(User));
    }

    [Fact]
    public async Task AProfileApiOutageDoesNotStopTheAnswer()
    {
        Fakes.Line.AddUser(User, "สมใจ");
        Fakes.Line.Failures.Fail("profile", 500, 100);
        await Fakes.Line.DeliverAsync(Fakes.Line.TextEvent(User, "hi"));
        var sent = await Eventually.ValueAsync(() => Fakes.Line.SentTo(User), s => s.Count == 1);
        Assert.DoesNotContain("สมใจ", (string)sent[0].Messages[0]!["text"]!);
        var rows = await Eventually.ValueAsync(() => Host.InboxAsync().Result, r => r.Count == 1 && r[0].Status != "Pending");
        Assert.Equal("Done", rows[0].Status);
        Assert.True(Fakes.Line.Failures.Calls("profile") > 1);
    }
}
