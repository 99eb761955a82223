using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ChatCommerce.Domain.Customers;
using ChatCommerce.IntegrationTests.Support;
using ChatCommerce.IntegrationTests.Transcripts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.IntegrationTests.Customers;

/// <summary>
/// A customer the bot knows: welcomed back by name, offered the last basket again and picks of
/// their own, asked for marketing consent once (given, then withdrawn by a message), and one
/// customer across LINE and Messenger after typing a link code.
/// </summary>
public sealed partial class CustomerJourneyTests : HostedTest
{
    private const string Key = "test-owner-key-0123456789";
    private const string LineUser = "U70e5a1e0000000000000000000000c01";
    private const string Psid = "7033445566778899";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["ChatCommerce:Admin:ApiKey"] = Key };

    private HttpClient Owner()
    {
        var client = new HttpClient { BaseAddress = new Uri(Host.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        return client;
    }

    /// <summary>A paid order: checkout by transfer, the money confirmed, the customer rescored as the payment desk does.</summary>
    private async Task<string> PaidOrderAsync(IChatDriver chat)
    {
        await chat.CheckoutAsync("โอนเข้าบัญชี");
        var number = await Host.QueryAsync(db => db.Orders.OrderByDescending(o => o.Id).Select(o => o.Number).FirstAsync());
        await Host.QueryAsync(db => db.Orders.Where(o => o.Number == number).ExecuteUpdateAsync(u => u
            .SetProperty(o => o.PaymentState, Domain.Orders.PaymentState.Paid).SetProperty(o => o.Status, Domain.Orders.OrderStatus.Confirmed)));
        await using var scope = Host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ICustomerScores>().RescoreAsync("line", LineUser, default);
        return number;
    }

    private Task<Customer> CustomerOfAsync(string userId) =>
        Host.QueryAsync(db => db.Customers.AsNoTracking().SingleAsync(c => c.Id == db.Contacts.Where(k => k.UserId == userId).Select(k => k.CustomerId).Single()));

    [Fact]
    public async Task AReturningCustomerIsWelcomedBackOfferedTheLastBasketAndPicksAndAskedForConsentOnce()
    {
        var chat = new LineDriver(Fakes, LineUser, SettledAsync);
        var number = await PaidOrderAsync(chat);

        var before = chat.Sent;
        await chat.SayAsync("สวัสดีค่ะ");
        var hello = await chat.AnswerSinceAsync(before, 1);
        Assert.Contains("ยินดีต้อนรับกลับมาค่ะ คุณPloy", hello.Text);
        Assert.Contains($"สั่งซ้ำ {number}", hello.Buttons.Keys);
        Assert.Contains("แนะนำสำหรับคุณ", hello.Buttons.Keys);
        Assert.Contains("ขออนุญาตส่งข่าวสาร", hello.Text);
        Assert.Equal(ConsentStatuses.Asked, (await CustomerOfAsync(LineUser)).Consent);

        var granted = await chat.TapAndReadAsync(hello, "รับข่าวสาร");
        Assert.Contains("เราจะส่งข่าวสารและโปรโมชั่นให้", granted.Text);
        var customer = await CustomerOfAsync(LineUser);
        Assert.Equal((ConsentStatuses.Granted, "line"), (customer.Consent, customer.ConsentChannel));
        Assert.StartsWith("ร้านตัวอย่าง ChatCommerce ขออนุญาตส่งข่าวสาร", customer.ConsentWording);
        Assert.NotNull(customer.ConsentAtMs);

        // Buy again: the past order's lines go back in the basket.
        var again = await chat.TapAndReadAsync(hello, $"สั่งซ้ำ {number}");
        Assert.Contains($"ใส่รายการจากคำสั่งซื้อ {number} ลงตะกร้าแล้ว", again.Text);
        var state = await Host.QueryAsync(db => db.States.AsNoTracking().Select(s => s.Data).SingleAsync());
        Assert.Contains("SN-MNG", state);

        // Picks: in stock, and never what they bought already.
        var picks = await chat.TapAndReadAsync(hello, "แนะนำสำหรับคุณ");
        Assert.Contains("สินค้าที่น่าจะถูกใจคุณ", picks.Text);
        Assert.DoesNotContain(picks.Buttons.Values, b => b.Data.Contains("SN-MNG", StringComparison.Ordinal));
        Assert.Contains(picks.Buttons.Values, b => b.Data.StartsWith("add:", StringComparison.Ordinal));

        // Withdrawn by a message in the middle of anything; the question is not asked again.
        var stop = await chat.SayAndReadAsync("ไม่รับข่าวสารแล้วค่ะ");
        Assert.Contains("ยกเลิกการรับข่าวสารเรียบร้อยแล้ว", stop.Text);
        customer = await CustomerOfAsync(LineUser);
        Assert.Equal((ConsentStatuses.Withdrawn, "ไม่รับข่าวสารแล้วค่ะ"), (customer.Consent, customer.ConsentWording));
        before = chat.Sent;
        await chat.SayAsync("สวัสดีค่ะ");
        var later = await chat.AnswerSinceAsync(before, 1);
        Assert.DoesNotContain("ขออนุญาตส่งข่าวสาร", later.Text);

        // Someone else's order number is not theirs to buy again.
        var stranger = await chat.TapAndReadAsync(hello with { Buttons = new Dictionary<string, ShownButton> { ["x"] = new("x", "again:CC999999", true) } }, "x");
        Assert.Contains("ไม่พบคำสั่งซื้อนั้นในบัญชีของคุณ", stranger.Text);

        // The owner may withdraw on the customer's behalf, never grant.
        using var owner = Owner();
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PutAsJsonAsync($"/api/v1/customers/{customer.Id}/consent", new { status = "granted", reason = "asked on the phone" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.PutAsJsonAsync($"/api/v1/customers/{customer.Id}/consent", new { status = "withdrawn", reason = "asked on the phone" })).StatusCode);
        Assert.Equal("owner", (await CustomerOfAsync(LineUser)).ConsentChannel);
    }

    [Fact]
    public async Task ALinkCodeTypedInTheOtherAppMakesOneCustomerAndTheOwnerCanUndoIt()
    {
        var line = new LineDriver(Fakes, LineUser, SettledAsync);
        await PaidOrderAsync(line);
        var messenger = new MessengerDriver(Fakes, Psid, SettledAsync);
        messenger.AddUser("Ploy", "th");
        await messenger.SayAndReadAsync("สวัสดีค่ะ");
        var lineCustomer = (await CustomerOfAsync(LineUser)).Id;
        var messengerCustomer = (await CustomerOfAsync(Psid)).Id;
        Assert.NotEqual(lineCustomer, messengerCustomer);

        var offered = await line.SayAndReadAsync("เชื่อมบัญชีค่ะ");
        Assert.Contains("พิมพ์รหัสนี้ในแชทของร้านทาง Messenger ภายใน 10 นาที", offered.Text);
        var code = CodePattern().Match(offered.Text).Value;
        Assert.Matches("^[A-Z2-9]{4}-[A-Z2-9]{4}$", code);

        // Typed in the same app it is refused; typed in the other app (any case, no dash) it links.
        var otherLineUser = "U70e5a1e0000000000000000000000c02";
        Assert.Contains("ไม่ใช่ในแอปเดิม", (await new LineDriver(Fakes, otherLineUser, SettledAsync).SayAndReadAsync(code)).Text);
        var linked = await messenger.SayAndReadAsync(code.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant());
        Assert.Contains("เชื่อมบัญชีกับ LINE เรียบร้อยแล้ว", linked.Text);
        Assert.Equal(lineCustomer, (await CustomerOfAsync(Psid)).Id);
        // Even the touchpoints of the turn that linked are the linked customer's.
        var typed = code.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
        Assert.Equal(lineCustomer, await Host.QueryAsync(db => db.Interactions.Where(t => t.Direction == "Inbound" && t.Text == typed).Select(t => t.CustomerId).SingleAsync()));

        // One customer now: Messenger knows the LINE order; a used code is just text again.
        var hello = await messenger.SayAndReadAsync("สวัสดีค่ะ");
        Assert.Contains("ยินดีต้อนรับกลับมา", hello.Text);
        Assert.DoesNotContain("เชื่อมบัญชี", (await messenger.SayAndReadAsync(code)).Text);
        using var owner = Owner();
        var card = (await owner.GetFromJsonAsync<JsonObject>($"/api/v1/customers/{lineCustomer}"))!["customer"]!;
        Assert.Equal(["line", "messenger"], card["identities"]!.AsArray().Select(i => (string?)i!["channel"]).Order());
        Assert.Contains((await owner.GetFromJsonAsync<JsonObject>($"/api/v1/customers/{lineCustomer}"))!["touchpoints"]!.AsArray(), t => (string?)t!["channel"] == "messenger");

        // The owner undoes it: the Messenger identity and its history go back.
        var merges = (await owner.GetFromJsonAsync<JsonArray>($"/api/v1/customers/{lineCustomer}/merges"))!;
        var merge = Assert.Single(merges)!;
        Assert.Equal((messengerCustomer, "shopper:link-code"), ((string?)merge["sourceId"], (string?)merge["actor"]));
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsync($"/api/v1/customers/merges/{(long)merge["id"]!}/undo", null)).StatusCode);
        Assert.Equal(messengerCustomer, (await CustomerOfAsync(Psid)).Id);
        Assert.Null((await CustomerOfAsync(Psid)).MergedIntoId);
        Assert.True(await Host.QueryAsync(db => db.Interactions.AnyAsync(t => t.CustomerId == messengerCustomer && t.Channel == "messenger")));
        Assert.False(await Host.QueryAsync(db => db.Interactions.AnyAsync(t => t.CustomerId == lineCustomer && t.Channel == "messenger")));
        Assert.Equal(HttpStatusCode.NotFound, (await owner.PostAsync($"/api/v1/customers/merges/{(long)merge["id"]!}/undo", null)).StatusCode);

        // And the owner can merge them by hand, once.
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"/api/v1/customers/{lineCustomer}/merge", new { sourceId = messengerCustomer })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await owner.PostAsJsonAsync($"/api/v1/customers/{lineCustomer}/merge", new { sourceId = messengerCustomer })).StatusCode);
        Assert.Equal(lineCustomer, (await CustomerOfAsync(Psid)).Id);
    }

    [Fact]
    public async Task TheSamePhoneConfirmedAtCheckoutInBothAppsMakesOneCustomer()
    {
        await new LineDriver(Fakes, LineUser, SettledAsync).CheckoutAsync("โอนเข้าบัญชี", phone: "086-555-1234");
        var lineCustomer = (await CustomerOfAsync(LineUser)).Id;
        await new MessengerDriver(Fakes, Psid, SettledAsync).CheckoutAsync("โอนเข้าบัญชี", phone: "0865551234");
        Assert.Equal(lineCustomer, (await CustomerOfAsync(Psid)).Id);
        using var owner = Owner();
        var merge = Assert.Single((await owner.GetFromJsonAsync<JsonArray>($"/api/v1/customers/{lineCustomer}/merges"))!)!;
        Assert.Equal("shopper:same-phone", (string?)merge["actor"]);
        var card = (await owner.GetFromJsonAsync<JsonObject>($"/api/v1/customers/{lineCustomer}"))!;
        Assert.Equal(2, card["orders"]!.AsArray().Count);
        Assert.Equal(["0865551234"], card["customer"]!["phones"]!.AsArray().Select(p => (string?)p));

        // Another LINE user with the same phone (a shared family phone) stays a customer of their own.
        var sibling = "U70e5a1e0000000000000000000000c03";
        await new LineDriver(Fakes, sibling, SettledAsync).CheckoutAsync("โอนเข้าบัญชี", phone: "0865551234");
        Assert.NotEqual(lineCustomer, (await CustomerOfAsync(sibling)).Id);
    }

    [GeneratedRegex("[A-Z2-9]{4}-[A-Z2-9]{4}")]
    private static partial Regex CodePattern();
}
