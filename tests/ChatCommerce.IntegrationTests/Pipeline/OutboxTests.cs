using ChatCommerce.IntegrationTests.Support;

namespace ChatCommerce.IntegrationTests.Pipeline;

/// <summary>What the outbox does when LINE fails: retry, fall back to push, never send twice, give up when stale.</summary>
public sealed class OutboxTests : IAsyncLifetime
{
    private const string User = "U0000000000000000000000000000a803";
    private FakePlatformServer _fakes = null!;
    private TestHost _host = null!;

    public async Task InitializeAsync()
    {
        _fakes = await FakePlatformServer.StartAsync();
        _host = await TestHost.StartAsync(_fakes, new Dictionary<string, string?>
        {
            ["ChatCommerce:PlatformHttp:AttemptTimeout"] = "00:00:00.500",
            ["ChatCommerce:PlatformHttp:MaxRetries"] = "1",
            ["ChatCommerce:PlatformHttp:BreakerMinimumThroughput"] = "1000",
            ["ChatCommerce:Outbox:FirstRetryDelay"] = "00:00:00.200",
            ["ChatCommerce:Outbox:MaxRetryDelay"] = "00:00:00.500",
            ["ChatCommerce:Outbox:ReplyExpiry"] = "00:00:08",
            ["ChatCommerce:Line:ReplyTokenLifetime"] = "00:00:02",
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _fakes.DisposeAsync();
    }

    [Fact]
    public async Task AnOutageLongerThanTheReplyTokenEndsInOnePushWithItsRetryKey()
    {
        // LINE fails every call for about three seconds: the token goes stale, the answer is pushed.
        _fakes.Line.Failures.Fail("reply", 500, 1000);
        _fakes.Line.Failures.Fail("push", 500, 6);
        await _fakes.Line.DeliverAsync(_fakes.Line.TextEvent(User, "สวัสดีค่ะ"));
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        _fakes.Line.Failures.Heal();

        var sent = await Eventually.ValueAsync(() => _fakes.Line.SentTo(User), s => s.Count == 1, TimeSpan.FromSeconds(15));
        Assert.Equal("push", sent[0].Kind);
        Assert.True(Guid.TryParse(sent[0].RetryKey, out _));
        Assert.True(_fakes.Line.Failures.Calls("reply") >= 2, "the reply token was tried while fresh");
        await Eventually.QuietAsync();
        Assert.Single(_fakes.Line.SentTo(User));
        await Eventually.TrueAsync(async () => (await _host.OutboxAsync()) is [], TimeSpan.FromSeconds(10), "the delivered message left the outbox");
    }

    [Fact]
    public async Task AReplyLineTookButNeverAnsweredIsNotSentAgain()
    {
        // LINE delivers the reply but its answer comes too late: the attempt times out, and the
        // next one finds the fresh token used, which only the first attempt can have done.
        _fakes.Line.Failures.Hang("reply", TimeSpan.FromSeconds(3), processed: true);
        await _fakes.Line.DeliverAsync(_fakes.Line.TextEvent(User, "hello"));
        await Eventually.ValueAsync(() => _fakes.Line.SentTo(User), s => s.Count == 1);
        await Eventually.TrueAsync(async () => (await _host.OutboxAsync()) is [], TimeSpan.FromSeconds(10), "delivered: the message left the outbox");
        await Eventually.QuietAsync();
        var sent = Assert.Single(_fakes.Line.SentTo(User));
        Assert.Equal("reply", sent.Kind);
        Assert.True(_fakes.Line.Failures.Calls("reply") >= 2);
        Assert.Equal(0, _fakes.Line.Failures.Calls("push"));
    }

    [Fact]
    public async Task APushLineTookButNeverAnsweredIsRepeatedWithTheSameKeyAndDeliveredOnce()
    {
        _fakes.Line.Failures.Fail("reply", 500, 1000);
        _fakes.Line.Failures.Hang("push", TimeSpan.FromSeconds(3), processed: true);
        await _fakes.Line.DeliverAsync(_fakes.Line.TextEvent(User, "hello"));
        await Eventually.TrueAsync(async () => _fakes.Line.SentTo(User).Count == 1 && (await _host.OutboxAsync()) is [], TimeSpan.FromSeconds(15), "delivered: the message left the outbox");
        await Eventually.QuietAsync();
        var sent = Assert.Single(_fakes.Line.SentTo(User));
        Assert.Equal("push", sent.Kind);
        Assert.True(_fakes.Line.Failures.Calls("push") >= 2, "the push was repeated (LINE answered 409 to the repeat)");
    }

    [Fact]
    public async Task AnAnswerThatCannotBeDeliveredBeforeItGoesStaleIsGivenUpAndKept()
    {
        using var notDelivered = new MetricCounter(_host, "chatcommerce.outbox.not_delivered");
        _fakes.Line.Failures.Fail("reply", 500, 1000);
        _fakes.Line.Failures.Fail("push", 500, 1000);
        await _fakes.Line.DeliverAsync(_fakes.Line.TextEvent(User, "hello"));
        var row = await Eventually.ValueAsync(() => _host.OutboxAsync().Result, r => r is [{ Status: not "Pending" }], TimeSpan.FromSeconds(20));
        Assert.Equal("Expired", row[0].Status);
        Assert.Empty(_fakes.Line.SentTo(User));
        Assert.Equal(1, notDelivered.Total);
        Assert.Equal("Done", (await _host.InboxAsync()).Single().Status);
    }

    [Fact]
    public async Task AnswersOfOneConversationStayInOrderWhileTheFirstIsRetried()
    {
        _fakes.Line.Failures.Fail("reply", 500, 4);
        var first = _fakes.Line.TextEvent(User, "one");
        var second = _fakes.Line.TextEvent(User, "two", DateTimeOffset.UtcNow.AddMilliseconds(5));
        await _fakes.Line.DeliverAsync(first);
        await Task.Delay(300);
        await _fakes.Line.DeliverAsync(second);
        var sent = await Eventually.ValueAsync(() => _fakes.Line.SentTo(User), s => s.Count == 2, TimeSpan.FromSeconds(15));
        Assert.Equal([(string)first["webhookEventId"]!, (string)second["webhookEventId"]!], sent.Select(s => s.EventId!));
    }

    [Fact]
    public async Task ADrainGoesOnWhileItsRepliesAreSentAndTheyStillLeaveInOrder()
    {
        // The first reply takes three seconds to be answered (LINE has it at once). The turns after
        // it commit meanwhile; their replies wait behind it and leave in order. Each turn commits
        // on its own here (no chain), so the first reply is under way while the next turns run.
        await using var host = await TestHost.StartAsync(_fakes, new Dictionary<string, string?> { ["ChatCommerce:Pipeline:ChainTurns"] = "1" });
        _fakes.Line.Failures.Hang("reply", TimeSpan.FromSeconds(3), processed: true);
        var now = DateTimeOffset.UtcNow;
        var events = new[] { "one", "two", "three" }.Select((text, i) => _fakes.Line.TextEvent(User, text, now.AddMilliseconds(i))).ToList();
        var started = DateTimeOffset.UtcNow;
        Assert.True((await _fakes.Line.DeliverAsync(events)).Succeeded);

        await Eventually.TrueAsync(async () => (await host.InboxAsync()).Count(r => r.Status == "Done") == 3, TimeSpan.FromSeconds(10), "three turns committed");
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(2.5), "the later turns did not wait for the first reply's answer");
        Assert.Equal(1, _fakes.Line.Failures.Calls("reply"));

        var sent = await Eventually.ValueAsync(() => _fakes.Line.SentTo(User), s => s.Count == 3, TimeSpan.FromSeconds(15));
        Assert.Equal(events.Select(e => (string)e["webhookEventId"]!), sent.Select(s => s.EventId!));
        Assert.All(sent, s => Assert.Equal("reply", s.Kind));
        Assert.True(sent[1].At - started >= TimeSpan.FromSeconds(3), "the second reply left after the first was answered");
        await Eventually.TrueAsync(async () => (await host.OutboxAsync()) is [], TimeSpan.FromSeconds(10), "every outcome stored: the delivered messages left the outbox");
    }

    [Fact]
    public async Task ATypingIndicatorThatHangsDoesNotHoldUpTheAnswer()
    {
        await using var host = await TestHost.StartAsync(_fakes, new Dictionary<string, string?>
        {
            ["ChatCommerce:Pipeline:TypingDelay"] = "00:00:00",
            ["ChatCommerce:Pipeline:TypingTimeout"] = "00:00:00.300",
        });
        _fakes.Line.Failures.Hang("loading", TimeSpan.FromSeconds(20));
        var started = DateTimeOffset.UtcNow;
        await _fakes.Line.DeliverAsync(_fakes.Line.TextEvent(User, "hello"));
        var sent = await Eventually.ValueAsync(() => _fakes.Line.SentTo(User), s => s.Count == 1);
        Assert.Equal("reply", sent[0].Kind);
        Assert.True(sent[0].At - started < TimeSpan.FromSeconds(5));
    }
}
