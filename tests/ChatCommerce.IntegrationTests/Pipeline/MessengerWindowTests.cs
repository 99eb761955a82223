using ChatCommerce.IntegrationTests.Support;

namespace ChatCommerce.IntegrationTests.Pipeline;

/// <summary>
/// Messenger has no idempotency key. A send whose answer is lost after Meta took the message
/// (a time-out after the request went out) is the one case that could repeat it: the bot then
/// waits for Meta's echo of the message (its metadata names the outbox message and part) before
/// trying again, and an echoed part is never sent again. Without the echo subscription, that
/// case is the remaining window, and it does repeat the message.
/// </summary>
public sealed class MessengerWindowTests : IAsyncLifetime
{
    private const string Psid = "6100000000000a807";
    private FakePlatformServer _fakes = null!;
    private TestHost _host = null!;

    public async Task InitializeAsync()
    {
        _fakes = await FakePlatformServer.StartAsync();
        _host = await TestHost.StartAsync(_fakes, new Dictionary<string, string?>
        {
            ["ChatCommerce:PlatformHttp:AttemptTimeout"] = "00:00:00.500",
            ["ChatCommerce:PlatformHttp:MaxRetries"] = "1",
            ["ChatCommerce:Outbox:FirstRetryDelay"] = "00:00:00.200",
            ["ChatCommerce:Outbox:EchoGrace"] = "00:00:02",
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _fakes.DisposeAsync();
    }

    [Fact]
    public async Task AMessageWhoseAnswerWasLostIsNotSentAgainOnceMetaEchoesIt()
    {
        using var retried = new MetricCounter(_host, "chatcommerce.outbox.retries");
        using var delivered = new MetricCounter(_host, "chatcommerce.outbox.sent");
        _fakes.Messenger.Options.EchoSends = true;
        _fakes.Messenger.Failures.Hang("messages", TimeSpan.FromSeconds(3), processed: true);
        await _fakes.Messenger.DeliverAsync(_fakes.Messenger.TextItem(Psid, "สวัสดีค่ะ"));
        await Eventually.TrueAsync(async () => delivered.Total == 1 && (await _host.OutboxAsync()) is [], TimeSpan.FromSeconds(15), "delivered: the message left the outbox");
        await Eventually.QuietAsync();
        var sent = Assert.Single(_fakes.Messenger.SentTo(Psid), s => s.Message is not null);
        Assert.StartsWith("cc:messenger:", (string?)sent.Message!["metadata"]);
        Assert.True(retried.Total >= 1, "the first attempt timed out");
    }

    [Fact]
    public async Task WithoutEchoesSuchAMessageIsSentAgainTheRemainingWindow()
    {
        _fakes.Messenger.Failures.Hang("messages", TimeSpan.FromSeconds(3), processed: true);
        using var delivered = new MetricCounter(_host, "chatcommerce.outbox.sent");
        await _fakes.Messenger.DeliverAsync(_fakes.Messenger.TextItem(Psid, "สวัสดีค่ะ"));
        await Eventually.TrueAsync(async () => delivered.Total == 1 && (await _host.OutboxAsync()) is [], TimeSpan.FromSeconds(15), "delivered: the message left the outbox");
        await Eventually.QuietAsync();
        Assert.Equal(2, _fakes.Messenger.SentTo(Psid).Count(s => s.Message is not null));
    }
}
