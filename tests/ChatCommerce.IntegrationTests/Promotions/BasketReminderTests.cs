using ChatCommerce.Domain.Customers;
using ChatCommerce.IntegrationTests.Support;
using ChatCommerce.IntegrationTests.Transcripts;
using ChatCommerce.Web.Customers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.IntegrationTests.Promotions;

/// <summary>A basket left without an order is reminded of once, by the job, only with consent, at most weekly per customer.</summary>
public sealed class BasketReminderTests : HostedTest
{
    private const string Consenting = "U70c0de0000000000000000000000c001";
    private const string Silent = "U70c0de0000000000000000000000c002";

    // No quiet hours, so the test does not depend on when it runs.
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ChatCommerce:Promotions:QuietFrom"] = "00:00",
        ["ChatCommerce:Promotions:QuietUntil"] = "00:00",
    };

    private async Task<int> RunJobAsync()
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var sent = await scope.ServiceProvider.GetRequiredService<BasketReminderJob>().RunAsync(default);
        await Eventually.TrueAsync(SettledAsync);
        return sent;
    }

    /// <summary>The basket as if left this long ago.</summary>
    private Task LeaveAsync(string user, TimeSpan ago) =>
        Host.QueryAsync(db => db.BasketActivity.Where(b => b.Conversation == "line:" + user)
            .ExecuteUpdateAsync(u => u.SetProperty(b => b.UpdatedAtMs, (DateTimeOffset.UtcNow - ago).ToUnixTimeMilliseconds())));

    private Task ConsentAsync(string user) =>
        Host.QueryAsync(db => db.Customers.Where(c => db.Contacts.Any(k => k.UserId == user && k.CustomerId == c.Id))
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.Consent, ConsentStatuses.Granted)));

    [Fact]
    public async Task ALeftBasketIsRemindedOnceWithConsentAndAtMostWeekly()
    {
        var chat = new LineDriver(Fakes, Consenting, SettledAsync);
        chat.AddUser("Ploy", "th");
        await chat.SayAndReadAsync("cf sn1 2");
        var other = new LineDriver(Fakes, Silent, SettledAsync);
        other.AddUser("Nok", "th");
        await other.SayAndReadAsync("cf sn2 1");
        await ConsentAsync(Consenting);

        Assert.Equal(0, await RunJobAsync()); // not left long enough yet
        await LeaveAsync(Consenting, TimeSpan.FromHours(4));
        await LeaveAsync(Silent, TimeSpan.FromHours(4));
        var before = chat.Sent;
        Assert.Equal(1, await RunJobAsync()); // the other shopper never said yes to offers
        var reminder = await chat.AnswerSinceAsync(before, 1);
        Assert.Contains("คุณPloy ยังมีสินค้ารออยู่ในตะกร้าค่ะ", reminder.Text);
        Assert.Contains("มะม่วงอบแห้ง × 2 = ฿240", reminder.Text);
        Assert.True(reminder.Buttons.ContainsKey("สั่งซื้อเลย"), reminder.ToString());
        Assert.Equal(0, await RunJobAsync()); // once for the same basket

        // A changed basket left again: within the week, not reminded again.
        await chat.SayAndReadAsync("cf sn3 1");
        await LeaveAsync(Consenting, TimeSpan.FromHours(4));
        Assert.Equal(0, await RunJobAsync());

        // Two days and more: too old to bring up.
        await LeaveAsync(Silent, TimeSpan.FromDays(3));
        await ConsentAsync(Silent);
        Assert.Equal(0, await RunJobAsync());
        await LeaveAsync(Silent, TimeSpan.FromHours(5));
        Assert.Equal(1, await RunJobAsync());

        // An order empties the basket: nothing is left to remind of.
        const string Buyer = "U70c0de0000000000000000000000c003";
        var buyer = new LineDriver(Fakes, Buyer, SettledAsync);
        await buyer.CheckoutAsync("โอนเข้าบัญชี");
        Assert.False(await Host.QueryAsync(db => db.BasketActivity.AnyAsync(b => b.Conversation == "line:" + Buyer)));
        Assert.True(await Host.QueryAsync(db => db.BasketActivity.AnyAsync(b => b.Conversation == "line:" + Consenting)));
    }
}
