using ChatCommerce.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace ChatCommerce.IntegrationTests.Pipeline;

/// <summary>Events of one conversation handled in one drain see what the turns before them stored.</summary>
public sealed class OneDrainTests : HostedTest
{
    private const string User = "U0000000000000000000000000000d401";
    private const string Stranger = "U0000000000000000000000000000d402";

    [Fact]
    public async Task AFirstContactsProfileIsAskedForOnceWhenTheirFirstMessagesArriveTogether()
    {
        // The first turn asks LINE for the profile and makes the customer; the next two know them
        // already (before, each turn asked again: a GET per message under load).
        Fakes.Line.AddUser(User, "ปิยะ", "th");
        await ThreeMessagesInOneDrainAsync(User);

        Assert.Equal(1, Fakes.Line.Failures.Calls("profile"));
        var contact = await ContactAsync(User);
        Assert.True(contact.HasProfile);
        Assert.Equal("ปิยะ", contact.DisplayName);
        Assert.NotNull(contact.CustomerId);
        var inbound = (await Host.InteractionsAsync()).Where(i => i.UserId == User && i.Direction == "Inbound").ToList();
        Assert.Equal(3, inbound.Count);
        Assert.All(inbound, i => Assert.Equal(contact.CustomerId, i.CustomerId));
        Assert.Equal(1, await Host.QueryAsync(db => db.Customers.CountAsync(c => c.Id == contact.CustomerId)));
    }

    [Fact]
    public async Task AShopperWithoutAProfileIsAskedForItOnceADrainNotOnceAMessage()
    {
        // LINE answers 404 for a user who has not added the account: the first turn asks, gets
        // none, and answers anyway; the drain's later turns do not ask again.
        await ThreeMessagesInOneDrainAsync(Stranger);

        Assert.Equal(3, Fakes.Line.SentTo(Stranger).Count);
        Assert.Equal(1, Fakes.Line.Failures.Calls("profile"));
        var contact = await ContactAsync(Stranger);
        Assert.False(contact.HasProfile);
        Assert.NotNull(contact.CustomerId);

        // The next drain asks again: the shopper may have added the account since.
        Fakes.Line.AddUser(Stranger, "มาลี", "th");
        Assert.True((await Fakes.Line.DeliverAsync(Fakes.Line.TextEvent(Stranger, "ยังอยู่ไหมคะ"))).Succeeded);
        await Eventually.ValueAsync(() => Fakes.Line.SentTo(Stranger), s => s.Count == 4);
        Assert.Equal(2, Fakes.Line.Failures.Calls("profile"));
        await Eventually.TrueAsync(async () => (await ContactAsync(Stranger)).HasProfile);
        Assert.Equal("มาลี", (await ContactAsync(Stranger)).DisplayName);
    }

    /// <summary>One webhook with three messages of the user: stored in one write, taken by one drain, all answered.</summary>
    private async Task ThreeMessagesInOneDrainAsync(string user)
    {
        var at = DateTimeOffset.UtcNow;
        var attempt = await Fakes.Line.DeliverAsync(
        [
            Fakes.Line.TextEvent(user, "สวัสดีค่ะ", at),
            Fakes.Line.TextEvent(user, "มีอะไรขายบ้าง", at.AddMilliseconds(1)),
            Fakes.Line.TextEvent(user, "ขอบคุณค่ะ", at.AddMilliseconds(2)),
        ]);
        Assert.True(attempt.Succeeded, attempt.Body);
        await Eventually.TrueAsync(async () => (await Host.InboxAsync()).All(r => r.Status != "Pending"), TimeSpan.FromSeconds(30));
        await Eventually.QuietAsync();
        Assert.Equal(3, (await Host.InboxAsync()).Count(r => r.Status == "Done"));
    }

    private Task<Infrastructure.Data.ContactRecord> ContactAsync(string user) =>
        Host.QueryAsync(db => db.Contacts.AsNoTracking().SingleAsync(c => c.UserId == user));
}
