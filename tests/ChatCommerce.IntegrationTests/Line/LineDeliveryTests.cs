using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ChatCommerce.Channels.Line;
using ChatCommerce.FakePlatforms;
using ChatCommerce.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.IntegrationTests.Line;

/// <summary>Duplicates, redelivery, reply-token expiry, retries, ordering and parallelism on LINE.</summary>
public sealed class LineDeliveryTests : HostedTest
{
    private const string User = "U00000000000000000000000000000b2";

    [Theory]
    [InlineData("U00000000000000000000000000000b3", "คุณสมใจ", "สวัสดีค่ะ คุณสมใจ ยินดี")]
    [InlineData("U00000000000000000000000000000b4", "สมใจ", "สวัสดีค่ะ คุณสมใจ ยินดี")]
    [InlineData("U00000000000000000000000000000b5", "พี่โอ๋", "สวัสดีค่ะ พี่โอ๋ ยินดี")]
    public async Task TheGreetingAddressesTheShopperOnce(string user, string displayName, string greeting)
    {
        Fakes.Line.AddUser(user, displayName, "th");
        await Fakes.Line.DeliverAsync(Fakes.Line.TextEvent(user, "สวัสดีค่ะ"));
        var sent = await Eventually.ValueAsync(() => Fakes.Line.SentTo(user), s => s.Count == 1);
        Assert.StartsWith(greeting, (string)sent[0].Messages[0]!["text"]!);
    }

    [Fact]
    public async Task TheSameWebhookPostedTwiceIsAnsweredOnce()
    {
        var e = Fakes.Line.TextEvent(User, "hi");
        var body = Encoding.UTF8.GetBytes(new JsonObject { ["destination"] = "U", ["events"] = new JsonArray(e) }.ToJsonString().Replace("\"pending\"", "\"token-x\""));
        var signature = LineSignature.Compute(Fakes.Line.Options.ChannelSecret, body);
        var first = Fakes.Line.PostRawAsync(body, signature);
        var second = Fakes.Line.PostRawAsync(body, signature);
        Assert.All(await Task.WhenAll(first, second), a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.Equal(HttpStatusCode.OK, (await Fakes.Line.PostRawAsync(body, signature)).Status);

        // token-x was never issued by the platform, so the bot falls back to one push.
        await Eventually.TrueAsync(() => Fakes.Line.Sent.Count == 1);
        await Eventually.QuietAsync();
        Assert.Single(Fakes.Line.Sent);
        Assert.Single(await Host.InboxAsync());
    }

    [Fact]
    public async Task RedeliveredEventIsAnsweredOnce()
    {
        var e = Fakes.Line.TextEvent(User, "hi");
        await Fakes.Line.DeliverAsync(e);
        await Eventually.TrueAsync(() => Fakes.Line.Sent.Count == 1);
        var again = await Fakes.Line.RedeliverAsync((string)e["webhookEventId"]!);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        await Eventually.QuietAsync();
        Assert.Single(Fakes.Line.Sent);
        Assert.Single(await Host.InboxAsync());
    }

    [Fact]
    public async Task ExpiredReplyTokenFallsBackToOnePushWithARetryKey()
    {
        var e = Fakes.Line.TextEvent(User, "hi");
        await Fakes.Line.DeliverAsync(e);
        Fakes.Line.ExpireIssuedReplyTokens();

        var sent = await Eventually.ValueAsync(() => Fakes.Line.Sent, s => s.Count == 1, what: "a push");
        Assert.Equal("push", sent[0].Kind);
        Assert.Equal(User, sent[0].To);
        Assert.True(Guid.TryParse(sent[0].RetryKey, out _));
        Assert.Equal(1, Fakes.Line.Failures.Calls("reply"));
    }

    [Fact]
    public async Task ServerErrorsAndRateLimitsAreRetriedAndDeliverOnce()
    {
        Fakes.Line.Failures.Fail("reply", 500);
        Fakes.Line.Failures.Fail("reply", 429);
        await Fakes.Line.DeliverAsync(Fakes.Line.TextEvent(User, "hi"));
        var sent = await Eventually.ValueAsync(() => Fakes.Line.Sent, s => s.Count == 1);
        Assert.Equal("reply", sent[0].Kind);
        Assert.Equal(3, Fakes.Line.Failures.Calls("reply"));
    }

    [Fact]
    public async Task PushRetriesReuseTheRetryKeyAndA409CountsAsDelivered()
    {
        var client = Host.Services.GetRequiredService<LineApiClient>();
        var key = Guid.NewGuid();
        Channels.Common.RenderedJson[] messages = [Rendered(new JsonObject { ["type"] = "text", ["text"] = "สถานะคำสั่งซื้อ" })];
        Fakes.Line.Failures.Fail("push", 503);
        await client.PushAsync(User, messages, key, CancellationToken.None);
        await client.PushAsync(User, messages, key, CancellationToken.None);
        Assert.Equal(3, Fakes.Line.Failures.Calls("push"));
        var push = Assert.Single(Fakes.Line.Sent);
        Assert.Equal(key.ToString(), push.RetryKey);
    }

    [Fact]
    public async Task ClientErrorsAreNotRetried()
    {
        var client = Host.Services.GetRequiredService<LineApiClient>();
        Channels.Common.RenderedJson[] tooLong = [Rendered(new JsonObject { ["type"] = "text", ["text"] = new string('x', 5001) })];
        var error = await Assert.ThrowsAsync<Channels.Common.PlatformApiException>(() => client.PushAsync(User, tooLong, Guid.NewGuid(), CancellationToken.None));
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.False(string.IsNullOrEmpty(error.RequestId));
        Assert.Contains("messages[0].text", error.Body);
        Assert.Equal(1, Fakes.Line.Failures.Calls("push"));
    }

    [Fact]
    public async Task OutOfOrderDeliveryIsHandledInTimestampOrder()
    {
        var now = DateTimeOffset.UtcNow;
        var earlier = Fakes.Line.TextEvent(User, "first", now.AddSeconds(-2));
        var later = Fakes.Line.TextEvent(User, "second", now);
        await Fakes.Line.DeliverAsync(later);
        await Fakes.Line.DeliverAsync(earlier);

        var sent = await Eventually.ValueAsync(() => Fakes.Line.SentTo(User), s => s.Count == 2);
        Assert.Equal([(string)earlier["webhookEventId"]!, (string)later["webhookEventId"]!], sent.Select(s => s.EventId!));
    }

    [Fact]
    public async Task TwoMessagesWithinFiftyMillisecondsAreBothAnsweredInOrder()
    {
        var first = Fakes.Line.TextEvent(User, "one");
        var second = Fakes.Line.TextEvent(User, "two", DateTimeOffset.UtcNow.AddMilliseconds(30));
        var a = Fakes.Line.DeliverAsync(first);
        await Task.Delay(30);
        var b = Fakes.Line.DeliverAsync(second);
        await Task.WhenAll(a, b);
        var sent = await Eventually.ValueAsync(() => Fakes.Line.SentTo(User), s => s.Count == 2);
        Assert.Equal([(string)first["webhookEventId"]!, (string)second["webhookEventId"]!], sent.Select(s => s.EventId!));
        var interactions = await Host.InteractionsAsync();
        Assert.Equal(2, interactions.Count(i => i.Direction == "Inbound"));
    }

    [Fact]
    public async Task ManyShoppersAtOnceEachGetExactlyOneAnswer()
    {
        var users = Enumerable.Range(0, 25).Select(i => $"U{i:D32}").ToList();
        await Task.WhenAll(users.Select(u => Fakes.Line.DeliverAsync(Fakes.Line.TextEvent(u, "สวัสดี"))));
        await Eventually.TrueAsync(() => Fakes.Line.Sent.Count >= users.Count, TimeSpan.FromSeconds(30));
        await Eventually.QuietAsync();
        Assert.All(users, u => Assert.Single(Fakes.Line.SentTo(u)));
    }

    [Fact]
    public async Task WebhookIsAnsweredWellWithinLinesTwoSecondLimit()
    {
        var attempts = new List<WebhookAttempt>();
        for (var i = 0; i < 10; i++)
        {
            attempts.Add(await Fakes.Line.DeliverAsync(Fakes.Line.TextEvent(User, "hi " + i)));
        }

        Assert.All(attempts, a => Assert.True(a.Succeeded, a.Body));
        Assert.All(attempts, a => Assert.False(a.TimedOut));
    }

    private static Channels.Common.RenderedJson Rendered(JsonObject message) => new(Encoding.UTF8.GetBytes(message.ToJsonString()));
}
