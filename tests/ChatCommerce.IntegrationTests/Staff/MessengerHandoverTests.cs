using System.Net;
using System.Net.Http.Headers;
using ChatCommerce.IntegrationTests.Support;
using ChatCommerce.IntegrationTests.Transcripts;

namespace ChatCommerce.IntegrationTests.Staff;

/// <summary>
/// A page whose staff also answer in Meta's Page Inbox: a chat handed to staff passes its thread
/// there, the bot hears the customer only as standby, and taking over or handing back takes it back.
/// </summary>
public sealed class MessengerHandoverTests : HostedTest
{
    private const string Key = "handover-owner-key-0123456789";
    private const string Psid = "8120034587719999";
    private const string PageInbox = "263902037430900";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ChatCommerce:Admin:ApiKey"] = Key,
        ["ChatCommerce:Messenger:HandoverAppId"] = PageInbox,
    };

    [Fact]
    public async Task AChatHandedToStaffGoesToThePageInboxAndComesBackOnHandBack()
    {
        IChatDriver chat = new MessengerDriver(Fakes, Psid, SettledAsync);
        chat.AddUser("Ploy", "th");
        Assert.Contains("ส่งต่อให้พนักงานแล้ว", (await chat.SayAndReadAsync("ขอคุยกับพนักงานค่ะ")).Text);
        await Eventually.TrueAsync(() => Fakes.Messenger.ThreadOwner(Psid) == PageInbox, what: "the thread passed to the Page Inbox");

        // The customer writes while the Page Inbox has the thread: standby, recorded, not answered.
        var before = chat.Sent;
        await chat.SayAsync("มีใครอยู่ไหมคะ");
        await Eventually.TrueAsync(SettledAsync);
        await Eventually.QuietAsync();
        Assert.Equal(before, chat.Sent);
        Assert.Contains(await Host.InteractionsAsync(), i => i.Text == "มีใครอยู่ไหมคะ");

        using var owner = new HttpClient { BaseAddress = new Uri(Host.BaseUrl) };
        owner.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.PostAsync($"/api/v1/conversations/messenger/{Psid}/handback", null)).StatusCode);
        Assert.Equal(Fakes.Messenger.Options.AppId, Fakes.Messenger.ThreadOwner(Psid));
        Assert.Contains("คุณPloy", (await chat.SayAndReadAsync("สวัสดีค่ะ")).Text);
    }

    [Fact]
    public async Task WhenThePageInboxPassesTheThreadBackTheBotAnswersAgain()
    {
        IChatDriver chat = new MessengerDriver(Fakes, Psid, SettledAsync);
        chat.AddUser("Ploy", "th");
        await chat.SayAndReadAsync("ขอคุยกับพนักงานค่ะ");
        await Eventually.TrueAsync(() => Fakes.Messenger.ThreadOwner(Psid) == PageInbox, what: "the thread passed to the Page Inbox");

        // Staff finish in Meta Business Suite: the inbox passes the thread back to this app.
        Fakes.Messenger.SetThreadOwner(Psid, Fakes.Messenger.Options.AppId);
        await Fakes.Messenger.DeliverAsync(Fakes.Messenger.Item(Psid, null, "pass_thread_control",
            new System.Text.Json.Nodes.JsonObject { ["new_owner_app_id"] = Fakes.Messenger.Options.AppId, ["previous_owner_app_id"] = PageInbox, ["metadata"] = "done" }));
        // The hand-back follows the recorded event's commit.
        string? state = null;
        await Eventually.TrueAsync(async () =>
        {
            state = await Host.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.States.Where(s => s.Key == "conv:messenger:" + Psid).Select(s => s.Data)));
            return state.Contains("\"Owner\":\"Bot\"");
        }, what: "the conversation back with the bot");
        Assert.Contains("Page Inbox", state!);
        Assert.Contains("คุณPloy", (await chat.SayAndReadAsync("สวัสดีค่ะ")).Text);
    }
}
