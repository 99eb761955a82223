using System.Net;
using System.Text;
using ChatCommerce.Channels.Messenger;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Replies;
using ChatCommerce.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.IntegrationTests.Messenger;

public sealed class MessengerWebhookTests : HostedTest
{
    /// <summary>The typing indicator before every turn (by default only turns slower than 0.8 s show it).</summary>
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["ChatCommerce:Pipeline:TypingDelay"] = "00:00:00" };

    private const string Psid = "6001234567890123";

    private MessengerChannelGateway Gateway => (MessengerChannelGateway)Host.Services.GetRequiredKeyedService<IChannelGateway>(Channel.Messenger);

    [Fact]
    public async Task SubscriptionHandshakeEchoesTheChallengeOnlyForTheRightToken()
    {
        var good = await Fakes.Messenger.VerifyAsync(Fakes.Messenger.Options.VerifyToken, "challenge-123");
        Assert.Equal((200, "challenge-123"), good);
        var bad = await Fakes.Messenger.VerifyAsync("wrong", "challenge-123");
        Assert.Equal(403, bad.Status);
    }

    [Fact]
    public async Task ForgedOrMissingSignatureIs401AndNothingIsStored()
    {
        var body = Encoding.UTF8.GetBytes("""{"object":"page","entry":[{"id":"1","messaging":[{"sender":{"id":"6001"},"recipient":{"id":"1"},"timestamp":1,"message":{"mid":"m_x","text":"hi"}}]}]}""");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Fakes.Messenger.PostRawAsync(body, MessengerSignature.Compute("wrong", body))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Fakes.Messenger.PostRawAsync(body, "")).Status);
        Assert.Empty(await Host.InboxAsync());
    }

    [Fact]
    public async Task OversizedAndMalformedBodiesAreRefusedClearly()
    {
        var big = Encoding.UTF8.GetBytes("{\"object\":\"page\",\"entry\":[],\"pad\":\"" + new string('x', 1024 * 1024) + "\"}");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await Fakes.Messenger.PostRawAsync(big, MessengerSignature.Compute(Fakes.Messenger.Options.AppSecret, big))).Status);
        var broken = Encoding.UTF8.GetBytes("{\"object\":\"page\",\"entry\":");
        Assert.Equal(HttpStatusCode.BadRequest, (await Fakes.Messenger.PostRawAsync(broken, MessengerSignature.Compute(Fakes.Messenger.Options.AppSecret, broken))).Status);
    }

    [Fact]
    public async Task TextMessageGetsAResponseWithQuickRepliesAndTyping()
    {
        await Fakes.Messenger.DeliverAsync(Fakes.Messenger.TextItem(Psid, "สวัสดีครับ"));
        var sent = await Eventually.ValueAsync(() => Fakes.Messenger.SentTo(Psid), s => s.Count(x => x.Message is not null) == 1);
        Assert.Contains(sent, s => s.SenderAction == "typing_on");
        var reply = sent.Single(s => s.Message is not null);
        Assert.Equal("RESPONSE", reply.MessagingType);
        Assert.Contains("ค่ะ", (string)reply.Message!["text"]!);
        // Products, categories, my orders, language.
        Assert.Equal(4, reply.Message["quick_replies"]!.AsArray().Count);
    }

    [Fact]
    public async Task QuickReplyAndPostbackPayloadsDriveTheMenu()
    {
        await Fakes.Messenger.DeliverAsync(Fakes.Messenger.TextItem(Psid, "Products", "menu:products"));
        var first = await Eventually.ValueAsync(() => Fakes.Messenger.SentTo(Psid).Where(s => s.Message is not null).ToList(), s => s.Count == 1);
        Assert.Equal("generic", (string?)first[0].Message!["attachment"]!["payload"]!["template_type"]);

        await Fakes.Messenger.DeliverAsync(Fakes.Messenger.PostbackItem(Psid, "รายละเอียด", "product:TS-BLK"));
        var second = await Eventually.ValueAsync(() => Fakes.Messenger.SentTo(Psid).Where(s => s.Message is not null).ToList(), s => s.Count == 2);
        Assert.Contains("฿259", (string)second[1].Message!["text"]!);
    }

    [Fact]
    public async Task EchoesAreIgnored()
    {
        await Fakes.Messenger.DeliverAsync(Fakes.Messenger.EchoItem(Psid, "our own words"));
        await Eventually.QuietAsync();
        Assert.Empty(await Host.InboxAsync());
        Assert.Empty(Fakes.Messenger.Sent);
    }

    [Fact]
    public async Task StandbyItemsAreRecordedButNeverAnswered()
    {
        Fakes.Messenger.SetThreadOwner(Psid, "263902037430900");
        await Fakes.Messenger.DeliverAsync(Fakes.Messenger.TextItem(Psid, "staff please"));
        var inbox = await Eventually.ValueAsync(() => Host.InboxAsync().Result, rows => rows.Count == 1 && rows[0].Status != "Pending");
        Assert.Equal("Recorded", inbox[0].Status);
        await Eventually.QuietAsync();
        Assert.Empty(Fakes.Messenger.Sent);
    }

    [Fact]
    public async Task DuplicateMidIsAnsweredOnce()
    {
        var item = Fakes.Messenger.TextItem(Psid, "hi");
        await Fakes.Messenger.DeliverAsync(item);
        await Fakes.Messenger.RedeliverAsync((string)item["message"]!["mid"]!);
        await Eventually.TrueAsync(() => Fakes.Messenger.SentTo(Psid).Any(s => s.Message is not null));
        await Eventually.QuietAsync();
        Assert.Single(Fakes.Messenger.SentTo(Psid), s => s.Message is not null);
        Assert.Single(await Host.InboxAsync());
    }

    [Fact]
    public async Task EveryEntryAndEveryItemIsHandled()
    {
        var users = new[] { "6001", "6002", "6003" };
        await Fakes.Messenger.DeliverAsync(users.Select(u => Fakes.Messenger.TextItem(u, "hi")));
        await Eventually.TrueAsync(() => users.All(u => Fakes.Messenger.SentTo(u).Any(s => s.Message is not null)));
    }

    [Fact]
    public async Task NothingIsSentOutsideTheTwentyFourHourWindow()
    {
        var context = new OutboundContext(new ConversationKey(Channel.Messenger, Psid), "seed", LastUserMessageAt: DateTimeOffset.UtcNow.AddHours(-25));
        var outcome = await Gateway.SendAsync(context, [new TextReply("Your order has shipped")], CancellationToken.None);
        Assert.Equal(SendStatus.NotAllowed, outcome.Status);
        Assert.Empty(Fakes.Messenger.Sent);
        Assert.Equal(0, Fakes.Messenger.Failures.Calls("messages"));
    }

    [Fact]
    public async Task ThePlatformsOwnWindowRefusalIsReportedNotRetried()
    {
        // We believe the window is open, but the platform knows the shopper last wrote 2 days ago.
        Fakes.Messenger.SetLastUserMessage(Psid, DateTimeOffset.UtcNow.AddDays(-2));
        var context = new OutboundContext(new ConversationKey(Channel.Messenger, Psid), "seed", LastUserMessageAt: DateTimeOffset.UtcNow.AddHours(-1));
        var outcome = await Gateway.SendAsync(context, [new TextReply("hello")], CancellationToken.None);
        Assert.Equal(SendStatus.NotAllowed, outcome.Status);
        Assert.Contains("2018278", outcome.Detail);
        Assert.Equal(1, Fakes.Messenger.Failures.Calls("messages"));
    }

    [Fact]
    public async Task RateLimitsAndServerErrorsAreRetriedAndDeliverOnce()
    {
        Fakes.Messenger.SetLastUserMessage(Psid, DateTimeOffset.UtcNow);
        Fakes.Messenger.Failures.Fail("messages", 613);
        Fakes.Messenger.Failures.Fail("messages", 500);
        var context = new OutboundContext(new ConversationKey(Channel.Messenger, Psid), "seed", LastUserMessageAt: DateTimeOffset.UtcNow, InResponse: true);
        var outcome = await Gateway.SendAsync(context, [new TextReply("hello")], CancellationToken.None);
        Assert.Equal(SendStatus.Replied, outcome.Status);
        Assert.Equal(3, Fakes.Messenger.Failures.Calls("messages"));
        Assert.Single(Fakes.Messenger.SentTo(Psid));
    }

    [Fact]
    public async Task RateLimitRetriesShareOneBudgetWithServerErrorRetries()
    {
        Fakes.Messenger.SetLastUserMessage(Psid, DateTimeOffset.UtcNow);
        for (var i = 0; i < 5; i++)
        {
            Fakes.Messenger.Failures.Fail("messages", 613);
            Fakes.Messenger.Failures.Fail("messages", 500);
        }

        var context = new OutboundContext(new ConversationKey(Channel.Messenger, Psid), "seed", LastUserMessageAt: DateTimeOffset.UtcNow, InResponse: true);
        var outcome = await Gateway.SendAsync(context, [new TextReply("hello")], CancellationToken.None);
        // One attempt of the gateway: the first call and the resilience handler's retries, then
        // the outbox is told to try again later (not given up: nothing was refused for good).
        Assert.Equal(SendStatus.RetryLater, outcome.Status);
        Assert.Equal(1 + new Channels.Common.PlatformHttpOptions().MaxRetries, Fakes.Messenger.Failures.Calls("messages"));
        Assert.Empty(Fakes.Messenger.SentTo(Psid));
    }
}
