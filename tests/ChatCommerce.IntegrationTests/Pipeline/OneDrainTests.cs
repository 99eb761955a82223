using ChatCommerce.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace ChatCommerce.IntegrationTests.Pipeline;

/// <summary>Events of one conversation handled in one drain see what the turns before them stored.</summary>
public sealed class OneDrainTests : IAsyncLifetime
{
    private const string User = "U0000000000000000000000000000d401";
    private const string Stranger = "U0000000000000000000000000000d402";
    private readonly Faults _faults = new();
    private FakePlatformServer _fakes = null!;
    private TestHost _host = null!;

    public async Task InitializeAsync()
    {
        _fakes = await FakePlatformServer.StartAsync();
        _host = await PipelineHost.StartAsync(_fakes, _faults);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _fakes.DisposeAsync();
    }

    [Fact]
    public async Task AFirstContactsProfileIsAskedForOnceWhenTheirFirstMessagesArriveTogether()
    {
        // One webhook with three messages of a shopper the shop has never seen: stored in one write,
        // taken by one drain. The first turn asks LINE for the profile and makes the customer; the
        // next two know them already (before, each turn asked again: a GET per message under load).
        _fakes.Line.AddUser(User, "ปิยะ", "th");
        var at = DateTimeOffset.UtcNow;
        var attempt = await _fakes.Line.DeliverAsync(
        [
            _fakes.Line.TextEvent(User, "สวัสดีค่ะ", at),
            _fakes.Line.TextEvent(User, "มีอะไรขายบ้าง", at.AddMilliseconds(1)),
            _fakes.Line.TextEvent(User, "ขอบคุณค่ะ", at.AddMilliseconds(2)),
        ]);
        Assert.True(attempt.Succeeded, attempt.Body);
        await Eventually.TrueAsync(async () => (await _host.InboxAsync()).All(r => r.Status != "Pending"), TimeSpan.FromSeconds(30));
        await Eventually.QuietAsync();

        Assert.Equal(3, (await _host.InboxAsync()).Count(r => r.Status == "Done"));
        Assert.Equal(1, _fakes.Line.Failures.Calls("profile"));
        var contact = await _host.QueryAsync(db => db.Contacts.AsNoTracking().SingleAsync(c => c.UserId == User));
        Assert.True(contact.HasProfile);
        Assert.Equal("ปิยะ", contact.DisplayName);
        Assert.NotNull(contact.CustomerId);
        var inbound = (await _host.InteractionsAsync()).Where(i => i.UserId == User && i.Direction == "Inbound").ToList();
        Assert.Equal(3, inbound.Count);
        Assert.All(inbound, i => Assert.Equal(contact.CustomerId, i.CustomerId));
        Assert.Equal(1, await _host.QueryAsync(db => db.Customers.CountAsync(c => c.Id == contact.CustomerId)));
    }

    [Fact]
    public async Task AShopperWithoutAProfileIsAskedForItOnceADrainNotOnceAMessage()
    {
        // LINE answers 404 for a user who has not added the account: the first turn asks, gets
        // none, and answers anyway; the drain's later turns do not ask again.
        var at = DateTimeOffset.UtcNow;
        var attempt = await _fakes.Line.DeliverAsync(
        [
            _fakes.Line.TextEvent(Stranger, "สวัสดีค่ะ", at),
            _fakes.Line.TextEvent(Stranger, "มีอะไรขายบ้าง", at.AddMilliseconds(1)),
            _fakes.Line.TextEvent(Stranger, "ขอบคุณค่ะ", at.AddMilliseconds(2)),
        ]);
        Assert.True(attempt.Succeeded, attempt.Body);
        await Eventually.TrueAsync(async () => (await _host.InboxAsync()).All(r => r.Status != "Pending"), TimeSpan.FromSeconds(30));
        await Eventually.QuietAsync();

        Assert.Equal(3, (await _host.InboxAsync()).Count(r => r.Status == "Done"));
        Assert.Equal(3, _fakes.Line.SentTo(Stranger).Count);
        Assert.Equal(1, _fakes.Line.Failures.Calls("profile"));
        var contact = await _host.QueryAsync(db => db.Contacts.AsNoTracking().SingleAsync(c => c.UserId == Stranger));
        Assert.False(contact.HasProfile);
        Assert.NotNull(contact.CustomerId);

        // The next drain asks again: the shopper may have added the account since.
        _fakes.Line.AddUser(Stranger, "มาลี", "th");
        Assert.True((await _fakes.Line.DeliverAsync(_fakes.Line.TextEvent(Stranger, "ยังอยู่ไหมคะ"))).Succeeded);
        await Eventually.ValueAsync(() => _fakes.Line.SentTo(Stranger), s => s.Count == 4);
        Assert.Equal(2, _fakes.Line.Failures.Calls("profile"));
        await Eventually.TrueAsync(async () => (await _host.QueryAsync(db => db.Contacts.AsNoTracking().SingleAsync(c => c.UserId == Stranger))).HasProfile);
        Assert.Equal("มาลี", (await _host.QueryAsync(db => db.Contacts.AsNoTracking().SingleAsync(c => c.UserId == Stranger))).DisplayName);
    }
}
