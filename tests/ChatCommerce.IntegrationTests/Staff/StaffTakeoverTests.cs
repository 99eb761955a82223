using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatCommerce.IntegrationTests.Support;
using ChatCommerce.IntegrationTests.Transcripts;
using Microsoft.EntityFrameworkCore;

namespace ChatCommerce.IntegrationTests.Staff;

/// <summary>Staff take a conversation over through the owner API, reply as a person, and hand it back.</summary>
public sealed class StaffTakeoverTests : HostedTest
{
    private const string Key = "staff-owner-key-0123456789";
    private const string LineUser = "U9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d";
    private const string Psid = "8120034587712377";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["ChatCommerce:Admin:ApiKey"] = Key };

    private HttpClient Owner()
    {
        var client = new HttpClient { BaseAddress = new Uri(Host.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        return client;
    }

    [Fact]
    public async Task StaffTakeOverReplyAsAPersonWhileTheBotStaysSilentAndHandBack()
    {
        IChatDriver chat = new LineDriver(Fakes, LineUser, SettledAsync);
        chat.AddUser("Ploy", "th");
        Assert.Contains("สวัสดีค่ะ คุณPloy", (await chat.SayAndReadAsync("สวัสดีค่ะ")).Text);

        using var owner = Owner();
        var notYet = await owner.PostAsJsonAsync($"/api/v1/conversations/line/{LineUser}/reply", new { text = "สวัสดีค่ะ" });
        Assert.Equal(HttpStatusCode.Conflict, notYet.StatusCode);

        var taken = await owner.PostAsJsonAsync($"/api/v1/conversations/line/{LineUser}/takeover", new { staff = "Nok" });
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        var list = await owner.GetFromJsonAsync<JsonArray>("/api/v1/conversations?owner=staff");
        var mine = Assert.Single(list!)!;
        Assert.Equal(LineUser, (string?)mine["chatId"]);
        Assert.Equal("Nok", (string?)mine["staffId"]);
        Assert.Equal("Ploy", (string?)mine["displayName"]);

        // The shopper writes: the bot says nothing now.
        var before = chat.Sent;
        await chat.SayAsync("มีเสื้อสีแดงไหมคะ");
        await Eventually.QuietAsync();
        Assert.Equal(before, chat.Sent);

        var replied = await owner.PostAsJsonAsync($"/api/v1/conversations/line/{LineUser}/reply", new { text = "สวัสดีค่ะ นกจากร้านนะคะ เสื้อสีแดงหมดชั่วคราวค่ะ" });
        Assert.Equal(HttpStatusCode.OK, replied.StatusCode);
        Assert.Equal("Pushed", (string?)(await replied.Content.ReadFromJsonAsync<JsonObject>())!["customerNotified"]);
        var push = Fakes.Line.SentTo(LineUser)[^1];
        Assert.Equal("push", push.Kind);
        Assert.NotNull(push.RetryKey);
        Assert.Equal("สวัสดีค่ะ นกจากร้านนะคะ เสื้อสีแดงหมดชั่วคราวค่ะ", (string?)push.Messages[0]!["text"]);
        var interactions = await Host.InteractionsAsync();
        Assert.Contains(interactions, i => i.Kind == "StaffReply");

        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PostAsJsonAsync($"/api/v1/conversations/line/{LineUser}/reply", new { text = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PostAsJsonAsync($"/api/v1/conversations/line/{LineUser}/reply", new { text = new string('ก', 2001) })).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await owner.PostAsync($"/api/v1/conversations/line/{LineUser}/handback", null)).StatusCode);
        Assert.Equal("bot", (string?)(await owner.GetFromJsonAsync<JsonArray>("/api/v1/conversations"))!.Single(c => (string?)c!["chatId"] == LineUser)!["owner"]);
        Assert.Contains("คุณPloy", (await chat.SayAndReadAsync("สวัสดีค่ะ")).Text);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.PostAsync($"/api/v1/conversations/line/{LineUser}/handback", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.PostAsync("/api/v1/conversations/fax/123/takeover", null)).StatusCode);
        var audit = await Host.QueryAsync(db => db.AuditLog.AsNoTracking().OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(["takeover", "handback"], audit.Select(e => e.Action).ToArray());
        Assert.All(audit, e => Assert.Equal("api", e.Actor));
        Assert.Equal("Nok", audit[0].Detail);
    }

    [Fact]
    public async Task AShopperWhoAskedForStaffWaitsInTheQueue()
    {
        IChatDriver chat = new LineDriver(Fakes, LineUser, SettledAsync);
        chat.AddUser("Ploy", "th");
        Assert.Contains("ส่งต่อให้พนักงานแล้ว", (await chat.SayAndReadAsync("ขอคุยกับพนักงานค่ะ")).Text);
        using var owner = Owner();
        var queue = await owner.GetFromJsonAsync<JsonArray>("/api/v1/conversations?owner=queue");
        Assert.Equal(LineUser, (string?)Assert.Single(queue!)!["chatId"]);
        Assert.Empty((await owner.GetFromJsonAsync<JsonArray>("/api/v1/conversations?owner=staff"))!);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.GetAsync("/api/v1/conversations?owner=everyone")).StatusCode);
    }

    [Fact]
    public async Task ARepeatComplaintAboutDamageIsHighAndGoesToStaffAtOnce()
    {
        IChatDriver chat = new LineDriver(Fakes, LineUser, SettledAsync);
        chat.AddUser("Ploy", "th");
        var first = await chat.SayAndReadAsync("ส่งช้ามากเลยค่ะ");
        Assert.Contains("เรื่องการจัดส่งล่าช้า ร้านรับเรื่องไว้แล้ว", first.Text);
        // Then what the shopper wants done; answering with another problem is a new complaint.
        Assert.Contains("อยากให้ร้านแก้ไขแบบไหนคะ", first.Text);
        Assert.Contains("คืนเงิน", first.Buttons.Keys);

        var second = await chat.SayAndReadAsync("แล้วกล่องก็บุบมาด้วยค่ะ");
        Assert.Contains("เรื่องสินค้าเสียหาย", second.Text);
        Assert.Contains("ส่งต่อให้พนักงานดูแลแล้วค่ะ", second.Text);

        // Staff own it now: the bot says nothing more.
        var before = chat.Sent;
        await chat.SayAsync("สวัสดีค่ะ");
        await Eventually.QuietAsync();
        Assert.Equal(before, chat.Sent);

        using var owner = Owner();
        var cases = await owner.GetFromJsonAsync<JsonArray>("/api/v1/cases");
        Assert.Equal(2, cases!.Count);
        var high = cases[0]!;
        Assert.Equal("high", (string?)high["severity"]);
        Assert.Equal("damaged", (string?)high["category"]);
        Assert.Equal("open", (string?)high["status"]);
        Assert.Equal("line:" + LineUser, (string?)high["conversation"]);
        var due = DateTimeOffset.Parse((string)high["dueAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(due - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(110), TimeSpan.FromHours(17));
        Assert.Equal("late", (string?)cases[1]!["category"]);
        Assert.Equal(LineUser, (string?)Assert.Single((await owner.GetFromJsonAsync<JsonArray>("/api/v1/conversations?owner=queue"))!)!["chatId"]);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.GetAsync("/api/v1/cases?status=lost")).StatusCode);
    }

    [Fact]
    public async Task AMessageStillHeldAfterTheConversationWentBackToTheBotGoesOutWithTheNextStaffJob()
    {
        IChatDriver chat = new LineDriver(Fakes, LineUser, SettledAsync);
        chat.AddUser("Ploy", "th");
        await chat.SayAndReadAsync("สวัสดีค่ะ");
        var before = chat.Sent;

        // As if a hand-back had stopped between its state change and the release.
        await using var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateAsyncScope(Host.Services);
        var services = scope.ServiceProvider;
        var outbox = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<ChatCommerce.Conversations.Outbox.IOutboxStore>(services);
        var now = DateTimeOffset.UtcNow;
        await outbox.AddHeldAsync([new ChatCommerce.Conversations.Outbox.OutboxEntry(
            new ChatCommerce.Domain.Messaging.ConversationKey(ChatCommerce.Domain.Messaging.Channel.Line, LineUser), ChatCommerce.Conversations.Outbox.OutboxKind.Notice,
            [new ChatCommerce.Domain.Replies.TextReply("พัสดุของคุณจัดส่งแล้วค่ะ")], "held-test-1", now.AddDays(1))], now, CancellationToken.None);
        Assert.Equal("Held", (await Host.OutboxAsync())[^1].Status);

        var job = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<ChatCommerce.Infrastructure.Jobs.StaffIdleJob>(services);
        await job.RunAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => chat.Sent == before + 1, what: "the stranded notice");
        Assert.Equal("พัสดุของคุณจัดส่งแล้วค่ะ", (string?)Fakes.Line.SentTo(LineUser)[^1].Messages[0]!["text"]);
        await job.RunAsync(CancellationToken.None);
        await Eventually.QuietAsync();
        Assert.Equal(before + 1, chat.Sent);
    }

    [Fact]
    public async Task AConversationQuietWithStaffGoesBackToTheBotAfterTheIdleTimeAndSaysWhy()
    {
        IChatDriver chat = new LineDriver(Fakes, LineUser, SettledAsync);
        chat.AddUser("Ploy", "th");
        await chat.SayAndReadAsync("สวัสดีค่ะ");
        using var owner = Owner();
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"/api/v1/conversations/line/{LineUser}/takeover", new { staff = "Nok" })).StatusCode);

        async Task<int> RunJobAsync()
        {
            await using var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateAsyncScope(Host.Services);
            return await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<ChatCommerce.Infrastructure.Jobs.StaffIdleJob>(scope.ServiceProvider).RunAsync(CancellationToken.None);
        }

        // Just taken over: not idle.
        Assert.Equal(0, await RunJobAsync());
        Assert.Equal("staff", (string?)(await owner.GetFromJsonAsync<JsonArray>("/api/v1/conversations"))![0]!["owner"]);

        // Three hours of silence (the default idle time is two).
        var past = DateTimeOffset.UtcNow.AddHours(-3).ToUnixTimeMilliseconds();
        await Host.QueryAsync(db => db.Interactions.ExecuteUpdateAsync(u => u.SetProperty(i => i.AtMs, past)));
        await Host.QueryAsync(db => db.Handoffs.ExecuteUpdateAsync(u => u.SetProperty(h => h.RequestedAtMs, past)));
        Assert.Equal(1, await RunJobAsync());
        Assert.Equal(0, await RunJobAsync());
        Assert.Equal("bot", (string?)(await owner.GetFromJsonAsync<JsonArray>("/api/v1/conversations"))![0]!["owner"]);
        var state = await Host.QueryAsync(db => db.States.Where(s => s.Key == "conv:line:" + LineUser).Select(s => s.Data).SingleAsync());
        Assert.Contains("idle 120 min", state);
        Assert.Contains("คุณPloy", (await chat.SayAndReadAsync("สวัสดีค่ะ")).Text);
    }

    [Fact]
    public async Task TakingOverAMessengerChatTakesTheThreadBackFromMetasInboxSoStaffRepliesGoOut()
    {
        IChatDriver chat = new MessengerDriver(Fakes, Psid, SettledAsync);
        chat.AddUser("Ploy", "th");
        await chat.SayAndReadAsync("สวัสดีค่ะ");
        Fakes.Messenger.SetThreadOwner(Psid, "263902037430900");

        using var owner = Owner();
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"/api/v1/conversations/messenger/{Psid}/takeover", new { staff = "Nok" })).StatusCode);
        Assert.Equal(Fakes.Messenger.Options.AppId, Fakes.Messenger.ThreadOwner(Psid));
        var replied = await owner.PostAsJsonAsync($"/api/v1/conversations/messenger/{Psid}/reply", new { text = "นกจากร้านค่ะ" });
        Assert.Equal("Pushed", (string?)(await replied.Content.ReadFromJsonAsync<JsonObject>())!["customerNotified"]);
    }

    [Theory]
    [InlineData(30, "Pushed", "MESSAGE_TAG", "HUMAN_AGENT")]
    [InlineData(2, "Pushed", "UPDATE", null)]
    [InlineData(8 * 24, "NotAllowed", null, null)]
    public async Task OnMessengerAPersonsReplyGoesTaggedHumanAgentWithinSevenDays(int hoursSinceShopperWrote, string outcome, string? messagingType, string? tag)
    {
        IChatDriver chat = new MessengerDriver(Fakes, Psid, SettledAsync);
        chat.AddUser("Ploy", "th");
        await chat.SayAndReadAsync("สวัสดีค่ะ");
        var then = DateTimeOffset.UtcNow.AddHours(-hoursSinceShopperWrote);
        await Host.QueryAsync(db => db.Contacts.Where(c => c.UserId == Psid).ExecuteUpdateAsync(u => u.SetProperty(c => c.LastUserMessageAtMs, then.ToUnixTimeMilliseconds())));
        Fakes.Messenger.SetLastUserMessage(Psid, then);

        using var owner = Owner();
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsync($"/api/v1/conversations/messenger/{Psid}/takeover", null)).StatusCode);
        var before = Fakes.Messenger.SentTo(Psid).Count(s => s.Message is not null);
        var replied = await owner.PostAsJsonAsync($"/api/v1/conversations/messenger/{Psid}/reply", new { text = "ขออภัยที่ตอบช้าค่ะ" });
        Assert.Equal(outcome, (string?)(await replied.Content.ReadFromJsonAsync<JsonObject>())!["customerNotified"]);
        var sent = Fakes.Messenger.SentTo(Psid).Where(s => s.Message is not null).ToList();
        if (messagingType is null)
        {
            Assert.Equal(before, sent.Count);
            return;
        }

        var last = sent[^1];
        Assert.Equal(messagingType, last.MessagingType);
        Assert.Equal(tag, last.Tag);
        Assert.Equal("ขออภัยที่ตอบช้าค่ะ", (string?)last.Message!["text"]);
    }
}
