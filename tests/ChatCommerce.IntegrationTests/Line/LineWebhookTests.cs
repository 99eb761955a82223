using System.Net;
using System.Text.Json.Nodes;
using System.Text;
using ChatCommerce.Channels.Line;
using ChatCommerce.Conversations.Contacts;
using ChatCommerce.Domain.Customers;
using ChatCommerce.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace ChatCommerce.IntegrationTests.Line;

/// <summary>POST /webhooks/line: what it accepts, what it refuses, and that refusals store nothing.</summary>
public sealed class LineWebhookTests : HostedTest
{
    /// <summary>The typing indicator before every turn (by default only turns slower than 0.8 s show it).</summary>
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["ChatCommerce:Pipeline:TypingDelay"] = "00:00:00" };

    private const string User = "U00000000000000000000000000000a1";

    [Fact]
    public async Task VerifyCallWithNoEventsAnswers200()
    {
        var attempt = await Fakes.Line.VerifyAsync();
        Assert.Equal(HttpStatusCode.OK, attempt.Status);
        Assert.Empty(await Host.InboxAsync());
    }

    [Fact]
    public async Task AStoredDeliveryIsAnsweredWithItsReceiptAndTheCommonHeaders()
    {
        // Webhooks skip the host's middleware (they answer straight after routing), not its headers.
        var body = Encoding.UTF8.GetBytes(new JsonObject { ["destination"] = "U", ["events"] = new JsonArray(Fakes.Line.TextEvent(User, "hi")) }.ToJsonString());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/line") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add(LineSignature.Header, LineSignature.Compute(Fakes.Line.Options.ChannelSecret, body));
        using var first = await Host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("""{"received":1,"added":1}""", await first.Content.ReadAsStringAsync());
        Assert.Equal("application/json; charset=utf-8", first.Content.Headers.ContentType?.ToString());
        Assert.Equal("nosniff", first.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", first.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", first.Headers.GetValues("Referrer-Policy").Single());

        using var again = new HttpRequestMessage(HttpMethod.Post, "/webhooks/line") { Content = new ByteArrayContent(body) };
        again.Headers.Add(LineSignature.Header, LineSignature.Compute(Fakes.Line.Options.ChannelSecret, body));
        using var redelivered = await Host.Http.SendAsync(again);
        Assert.Equal("""{"received":1,"added":0}""", await redelivered.Content.ReadAsStringAsync());
        Assert.Single(await Host.InboxAsync());
    }

    [Fact]
    public async Task ForgedSignatureIs401AndNothingIsStored()
    {
        var body = Encoding.UTF8.GetBytes(new JsonObject { ["destination"] = "U", ["events"] = new JsonArray(Fakes.Line.TextEvent(User, "hi")) }.ToJsonString());
        var forged = LineSignature.Compute("not-the-secret", body);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Fakes.Line.PostRawAsync(body, forged)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Fakes.Line.PostRawAsync(body, "")).Status);
        await Eventually.QuietAsync();
        Assert.Empty(await Host.InboxAsync());
        Assert.Empty(Fakes.Line.Sent);
    }

    [Fact]
    public async Task SignatureOfAnotherBodyIs401()
    {
        var signed = Encoding.UTF8.GetBytes("""{"destination":"U","events":[]}""");
        var sent = Encoding.UTF8.GetBytes("""{"destination":"U","events":[] }""");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Fakes.Line.PostRawAsync(sent, LineSignature.Compute(Fakes.Line.Options.ChannelSecret, signed))).Status);
    }

    [Fact]
    public async Task BodyOverOneMebibyteIs413EvenWhenSigned()
    {
        var text = new string('a', 1024 * 1024);
        var body = Encoding.UTF8.GetBytes(new JsonObject { ["destination"] = "U", ["events"] = new JsonArray(Fakes.Line.TextEvent(User, text)) }.ToJsonString());
        var attempt = await Fakes.Line.PostRawAsync(body, LineSignature.Compute(Fakes.Line.Options.ChannelSecret, body));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, attempt.Status);
        Assert.Empty(await Host.InboxAsync());
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"destination\":\"U\"}")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"events\":[{\"type\":")]
    public async Task SignedMalformedBodyIs400NotA500(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var attempt = await Fakes.Line.PostRawAsync(bytes, LineSignature.Compute(Fakes.Line.Options.ChannelSecret, bytes));
        Assert.Equal(HttpStatusCode.BadRequest, attempt.Status);
        Assert.Contains("error", attempt.Body);
    }

    [Fact]
    public async Task EveryEventTypeIsStoredAndOnlyConversationalOnesAreAnswered()
    {
        var line = Fakes.Line;
        var events = new[]
        {
            line.TextEvent(User, "สวัสดีค่ะ"),
            line.Event("message", User, null, new JsonObject { ["message"] = new JsonObject { ["id"] = "img1", ["type"] = "image", ["contentProvider"] = new JsonObject { ["type"] = "line" } } }),
            line.Event("message", User, null, new JsonObject { ["message"] = new JsonObject { ["id"] = "loc1", ["type"] = "location", ["title"] = "บ้าน", ["address"] = "10110", ["latitude"] = 13.7, ["longitude"] = 100.5 } }),
            line.Event("message", User, null, new JsonObject { ["message"] = new JsonObject { ["id"] = "st1", ["type"] = "sticker", ["packageId"] = "446", ["stickerId"] = "1988" } }),
            line.FollowEvent(User),
            line.PostbackEvent(User, "menu:categories"),
            line.Event("unfollow", User, null),
            line.Event("unsend", User, null, new JsonObject { ["unsend"] = new JsonObject { ["messageId"] = "none" } }),
            line.Event("join", User, null, source: new JsonObject { ["type"] = "group", ["groupId"] = "Cgroup" }),
            line.Event("leave", User, null, source: new JsonObject { ["type"] = "group", ["groupId"] = "Cgroup" }),
            line.Event("videoPlayComplete", User, null, new JsonObject { ["videoPlayComplete"] = new JsonObject { ["trackingId"] = "t" } }),
            line.Event("somethingFromTheFuture", User, null, new JsonObject { ["future"] = new JsonObject { ["x"] = 1 } }),
        };

        var attempt = await line.DeliverAsync(events);
        Assert.Equal(HttpStatusCode.OK, attempt.Status);

        var inbox = await Eventually.ValueAsync(() => Host.InboxAsync().Result, rows => rows.Count == events.Length && rows.All(r => r.Status != "Pending"), what: "all events handled");
        Assert.Equal(events.Select(e => (string)e["webhookEventId"]!).Order(), inbox.Select(r => r.EventId).Order());
        Assert.DoesNotContain(inbox, r => r.Status == "Failed");
        Assert.Contains(inbox, r => r.Payload.Contains("somethingFromTheFuture") && r.Status == "Recorded");

        // message ×4, follow and postback each get one answer; unfollow, unsend, join, leave and unknown types none.
        await Eventually.ValueAsync(() => line.Sent, s => s.Count >= 6, what: "six replies");
        await Eventually.QuietAsync();
        Assert.Equal(6, line.Sent.Count);
        Assert.All(line.Sent, s => Assert.Equal("reply", s.Kind));
    }

    [Fact]
    public async Task TextMessageIsAnsweredOnceByReplyTokenWithLoadingAnimationAndName()
    {
        Fakes.Line.AddUser(User, "สมใจ", "th");
        var e = Fakes.Line.TextEvent(User, "สวัสดีค่ะ");
        await Fakes.Line.DeliverAsync(e);

        var sent = await Eventually.ValueAsync(() => Fakes.Line.SentTo(User), s => s.Count == 1, what: "one reply");
        Assert.Equal("reply", sent[0].Kind);
        Assert.Equal((string)e["webhookEventId"]!, sent[0].EventId);
        var text = (string)sent[0].Messages[0]!["text"]!;
        Assert.Contains("สมใจ", text);
        Assert.Contains("ค่ะ", text);
        Assert.NotNull(sent[0].Messages[0]!["quickReply"]);
        Assert.Contains(Fakes.Line.LoadingCalls, c => c.ChatId == User && c.Seconds == 5);
    }

    [Fact]
    public async Task EnglishProfileGetsEnglishAndMenuButtonsWork()
    {
        Fakes.Line.AddUser(User, "Alex", "en");
        await Fakes.Line.DeliverAsync(Fakes.Line.TextEvent(User, "hello"));
        await Eventually.TrueAsync(() => Fakes.Line.SentTo(User).Count == 1);
        Assert.StartsWith("Hello Alex", (string)Fakes.Line.SentTo(User)[0].Messages[0]!["text"]!);

        await Fakes.Line.DeliverAsync(Fakes.Line.PostbackEvent(User, "menu:products"));
        var sent = await Eventually.ValueAsync(() => Fakes.Line.SentTo(User), s => s.Count == 2);
        var carousel = sent[1].Messages[0]!;
        Assert.Equal("flex", (string?)carousel["type"]);
        Assert.InRange(carousel["contents"]!["contents"]!.AsArray().Count, 2, 12);
    }

    [Fact]
    public async Task WhatTheShopperMeansDrivesTheReplyAndIsRecorded()
    {
        await Fakes.Line.DeliverAsync(Fakes.Line.TextEvent(User, "ขอดูสินค้าหน่อยค่ะ"));
        var sent = await Eventually.ValueAsync(() => Fakes.Line.SentTo(User), s => s.Count == 1);
        Assert.Equal("flex", (string?)sent[0].Messages[0]!["type"]);

        await Fakes.Line.DeliverAsync(Fakes.Line.TextEvent(User, "เอาเสื้อยืดสีดำ ๒ ตัวค่ะ"));
        var record = await Eventually.ValueAsync(
            () => Host.InteractionsAsync().Result.LastOrDefault(i => i.Direction == "Inbound" && i.Text == "เอาเสื้อยืดสีดำ ๒ ตัวค่ะ"),
            i => i is not null);
        Assert.Equal("add_to_cart", record!.Intent);
        Assert.InRange(record.IntentConfidence!.Value, 0.5, 1.0);
        Assert.Contains(record.Sentiment, new[] { "positive", "neutral" });
        Assert.Equal(TouchpointOutcomes.Replied, record.Outcome);
        Assert.Equal("line", record.Channel);
        Assert.Equal(User, record.UserId);
        var customer = await Host.QueryAsync(db => db.Contacts.Where(c => c.UserId == User).Select(c => c.CustomerId).SingleAsync());
        Assert.True(CustomerIds.IsWellFormed(customer));
        Assert.Equal(customer, record.CustomerId);
        Assert.Contains("product=TS-BLK", record.Detail);
        Assert.Contains("quantity=2", record.Detail);
        Assert.Contains("colour=black", record.Detail);
    }

    [Theory]
    [InlineData("มีมะม่วงอบแห้งไหมคะ", "th", "มะม่วงอบแห้ง")]
    [InlineData("cf sn2 ราคาเท่าไหร่", "th", "ทุเรียนทอดกรอบ")]
    [InlineData("how much is the durian chips", "en", "Durian chips")]
    [InlineData("do you still have the lip tnit", "en", "Lip tint")]
    public async Task AProductNamedInAQuestionIsShownWithPriceAndStock(string text, string language, string expectedName)
    {
        Fakes.Line.AddUser(User, "Shopper", language);
        await Fakes.Line.DeliverAsync(Fakes.Line.TextEvent(User, text));
        var sent = await Eventually.ValueAsync(() => Fakes.Line.SentTo(User), s => s.Count == 1);
        var carousel = sent[0].Messages[0]!;
        Assert.Equal("flex", (string?)carousel["type"]);
        var bubble = Assert.Single(carousel["contents"]!["contents"]!.AsArray())!;
        var texts = bubble["body"]!["contents"]!.AsArray().Select(t => (string)t!["text"]!).ToList();
        Assert.StartsWith(expectedName, texts[0]);
        Assert.StartsWith("฿", texts[2]);
        if (text.Contains("ราคา", StringComparison.Ordinal) || text.Contains("how much", StringComparison.Ordinal))
        {
            // A price question also gets the price in words, after the card.
            var answer = (string)sent[0].Messages[1]!["text"]!;
            Assert.Contains(expectedName, answer);
            Assert.Contains(texts[2], answer);
        }
    }

    [Fact]
    public async Task GroupMessagesAreAnsweredToTheGroupWithoutLoadingAnimation()
    {
        var e = Fakes.Line.Event("message", User, null,
            new JsonObject { ["message"] = new JsonObject { ["id"] = "g1", ["type"] = "text", ["text"] = "hi" } },
            source: new JsonObject { ["type"] = "group", ["groupId"] = "Cgroup42", ["userId"] = User });
        await Fakes.Line.DeliverAsync(e);
        var sent = await Eventually.ValueAsync(() => Fakes.Line.SentTo("Cgroup42"), s => s.Count == 1);
        Assert.Equal("reply", sent[0].Kind);
        Assert.Empty(Fakes.Line.LoadingCalls);
    }

    [Fact]
    public async Task StandbyModeEventsAreRecordedButNeverAnswered()
    {
        var e = Fakes.Line.Event("message", User, null, new JsonObject { ["message"] = new JsonObject { ["id"] = "s1", ["type"] = "text", ["text"] = "hi" } }, mode: "standby");
        Assert.Null(e["replyToken"]);
        await Fakes.Line.DeliverAsync(e);
        var inbox = await Eventually.ValueAsync(() => Host.InboxAsync().Result, rows => rows.Count == 1 && rows[0].Status != "Pending");
        Assert.Equal("Recorded", inbox[0].Status);
        await Eventually.QuietAsync();
        Assert.Empty(Fakes.Line.Sent);
        Assert.Contains(await Host.InteractionsAsync(), i => i.Text == "hi");
    }

    [Fact]
    public async Task UnsendRemovesTheMessageTextFromTheRecord()
    {
        // A complaint, so the case it opens quotes it too.
        var message = Fakes.Line.TextEvent(User, "ของแตกมา เบอร์ผม 0812345678");
        var messageId = (string)message["message"]!["id"]!;
        await Fakes.Line.DeliverAsync(message);
        await Eventually.TrueAsync(() => Fakes.Line.SentTo(User).Count == 1);
        await Fakes.Line.DeliverAsync(Fakes.Line.Event("unsend", User, null, new JsonObject { ["unsend"] = new JsonObject { ["messageId"] = messageId } }));
        var record = await Eventually.ValueAsync(
            () => Host.InteractionsAsync().Result.Single(i => i.MessageId == messageId),
            i => i.Unsent,
            what: "the message marked unsent");
        Assert.Null(record.Text);

        // Nowhere else either: not in the stored webhook event, raw body included.
        await Eventually.TrueAsync(async () => (await Host.InboxAsync()).All(r => r.Status != "Pending"));
        var stored = await Host.InboxAsync();
        Assert.Equal(2, stored.Count);
        Assert.All(stored, r => Assert.DoesNotContain("0812345678", r.Payload));
        Assert.Contains(stored, r => r.Payload.Contains(messageId, StringComparison.Ordinal));
        var complaint = Assert.Single(await Host.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.Cases)));
        Assert.Equal("", complaint.Text);
        Assert.Equal("damaged", complaint.Category);
    }
}
