using System.Net;
using ChatCommerce.IntegrationTests.Support;

namespace ChatCommerce.IntegrationTests.Pipeline;

/// <summary>A webhook is answered 200 only once its events are stored.</summary>
public sealed class IntakeTests : IAsyncLifetime
{
    private const string User = "U0000000000000000000000000000a801";
    private readonly Faults _faults = new();
    private FakePlatformServer _fakes = null!;
    private TestHost _host = null!;

    public async Task InitializeAsync()
    {
        _fakes = await FakePlatformServer.StartAsync();
        _host = await PipelineHost.StartAsync(_fakes, _faults);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _fakes.DisposeAsync();
    }

    [Fact]
    public async Task AStorageFailureIsAnswered503AndTheRedeliveryIsAnsweredOnce()
    {
        _faults.InboxWritesToFail = 1;
        var e = _fakes.Line.TextEvent(User, "สวัสดีค่ะ");
        var refused = await _fakes.Line.DeliverAsync(e);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.Status);
        await Eventually.QuietAsync();
        Assert.Empty(await _host.InboxAsync());
        Assert.Empty(_fakes.Line.SentTo(User));

        // The platform delivers the same event again: now it is stored, and answered once.
        var again = await _fakes.Line.RedeliverAsync((string)e["webhookEventId"]!);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        await Eventually.ValueAsync(() => _fakes.Line.SentTo(User), s => s.Count == 1);
        await Eventually.QuietAsync();
        Assert.Single(_fakes.Line.SentTo(User));
        Assert.Single(await _host.InboxAsync());
    }

    [Fact]
    public async Task ARedeliveryOfAnEventStoredWithoutConfirmationIsAnsweredAtOnce()
    {
        // The database stored the event but the host never heard so: the platform got a 503 and
        // delivers again. The redelivery is a duplicate to the inbox, and still must start the
        // conversation's turn now, not when the minutely sweep finds the event.
        _faults.InboxCommitsToLose = 1;
        var e = _fakes.Line.TextEvent(User, "สวัสดีค่ะ");
        var refused = await _fakes.Line.DeliverAsync(e);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.Status);
        Assert.Single(await _host.InboxAsync());

        var again = await _fakes.Line.RedeliverAsync((string)e["webhookEventId"]!);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        await Eventually.ValueAsync(() => _fakes.Line.SentTo(User), s => s.Count == 1, TimeSpan.FromSeconds(10));
        await Eventually.QuietAsync();
        Assert.Single(_fakes.Line.SentTo(User));
        Assert.Single(await _host.InboxAsync());
    }

    [Fact]
    public async Task DeliveriesArrivingTogetherShareWritesAndEachGetsItsAnswer()
    {
        using var writes = new MetricCounter(_host, "chatcommerce.turn.step.duration", ("step", "intake"));
        var users = Enumerable.Range(0, 40).Select(i => $"U{i:D30}a8").ToList();
        var attempts = await Task.WhenAll(users.Select(u => _fakes.Line.DeliverAsync(_fakes.Line.TextEvent(u, "hello"))));
        Assert.All(attempts, a => Assert.True(a.Succeeded, a.Body));
        Assert.Equal(users.Count, (await _host.InboxAsync()).Count);
        Assert.InRange(writes.Events, 1, users.Count - 1);
        await Eventually.TrueAsync(() => users.All(u => _fakes.Line.SentTo(u).Count == 1), TimeSpan.FromSeconds(30));
    }
}
