using ChatCommerce.Conversations.State;
using ChatCommerce.Conversations.Turns;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Infrastructure.Data;
using ChatCommerce.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

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

    [Fact]
    public async Task TurnsOfOneDrainCommitTogetherAndAreAnsweredInOrder()
    {
        // Three events, one drain: each turn runs on the state the one before left, and the three
        // commit in one go; the replies leave after that commit, in the events' order.
        using var chains = new MetricCounter(Host, "chatcommerce.turn.chain.size");
        var events = await ThreeMessagesInOneDrainAsync(User);

        Assert.Equal((3, 1), (chains.Total, chains.Events));
        var sent = await Eventually.ValueAsync(() => Fakes.Line.SentTo(User), s => s.Count == 3);
        Assert.Equal(events, sent.Select(s => s.EventId!));
        var state = await Host.QueryAsync(db => db.States.AsNoTracking().SingleAsync(s => s.Key.Contains(User)));
        Assert.Equal(3, state.Version);
    }

    [Fact]
    public async Task AWholeCheckoutSentAtOnceCommitsTheTurnsBeforeTheOrderFirstAndPlacesItOnce() =>
        await CheckoutAtOnce.RunAsync(Fakes, Host, User);

    [Fact]
    public async Task TurnsCommittedTogetherThatFindTheStateMovedOnRunAgainOneByOne()
    {
        // Another writer stores the conversation's state (here: the state the chain's first turn
        // left) just before the drain's chain commits: the chain writes nothing, and its turns run
        // again one by one on the stored state.
        var moved = 0;
        await Host.DisposeAsync();
        Host = await TestHost.StartAsync(Fakes, Settings, services => services.AddScoped<ITurnStore>(sp =>
            new StateMovedBeforeChain(sp.GetRequiredService<SqlTurnStore>(), sp.GetRequiredService<ChatCommerceDbContext>(), () => Interlocked.Increment(ref moved) == 1)));
        using var chains = new MetricCounter(Host, "chatcommerce.turn.chain.size");

        var events = await ThreeMessagesInOneDrainAsync(User);

        Assert.True(moved >= 1);
        Assert.Equal(0, chains.Events);
        var sent = await Eventually.ValueAsync(() => Fakes.Line.SentTo(User), s => s.Count == 3);
        await Eventually.QuietAsync();
        Assert.Equal(events, Fakes.Line.SentTo(User).Select(s => s.EventId!));
        var state = await Host.QueryAsync(db => db.States.AsNoTracking().SingleAsync(s => s.Key.Contains(User)));
        Assert.Equal(1 + 3, state.Version);
        Assert.Equal(3, (await Host.InteractionsAsync()).Count(i => i.UserId == User && i.Direction == "Inbound"));
    }

    /// <summary>A turn store that, once, stores the conversation's state itself right before a chain of turns commits.</summary>
    private sealed class StateMovedBeforeChain(SqlTurnStore inner, ChatCommerceDbContext db, Func<bool> once) : ITurnStore
    {
        public Task<ConversationSnapshot> LoadAsync(ConversationKey conversation, int maxEvents, CancellationToken cancellationToken) => inner.LoadAsync(conversation, maxEvents, cancellationToken);

        public Task<StoredState> LoadStateAsync(ConversationKey conversation, CancellationToken cancellationToken) => inner.LoadStateAsync(conversation, cancellationToken);

        public ITurnTransaction Begin(Func<CancellationToken, Task>? beforeFirstWrite = null) => inner.Begin(beforeFirstWrite);

        public Task<bool> RecordFailureAsync(long inboxId, string error, int maxAttempts, DateTimeOffset retryAt, CancellationToken cancellationToken) =>
            inner.RecordFailureAsync(inboxId, error, maxAttempts, retryAt, cancellationToken);

        public async Task<IReadOnlyList<TurnCommit>> CommitChainAsync(IReadOnlyList<TurnEffects> turns, CancellationToken cancellationToken)
        {
            if (turns.Count > 1 && once())
            {
                var key = ConversationStateRepository.Key(turns[0].Conversation);
                var expires = DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeMilliseconds();
                await db.Database.ExecuteSqlAsync($"INSERT INTO conversation_states (\"Key\",\"Data\",\"Version\",\"ExpiresAtMs\") VALUES ({key},{turns[0].StateData},1,{expires})", cancellationToken);
            }

            return await inner.CommitChainAsync(turns, cancellationToken);
        }
    }

    /// <summary>One webhook with three messages of the user: stored in one write, taken by one drain, all answered.</summary>
    private async Task<List<string>> ThreeMessagesInOneDrainAsync(string user)
    {
        var at = DateTimeOffset.UtcNow;
        List<System.Text.Json.Nodes.JsonObject> events =
        [
            Fakes.Line.TextEvent(user, "สวัสดีค่ะ", at),
            Fakes.Line.TextEvent(user, "มีอะไรขายบ้าง", at.AddMilliseconds(1)),
            Fakes.Line.TextEvent(user, "ขอบคุณค่ะ", at.AddMilliseconds(2)),
        ];
        var attempt = await Fakes.Line.DeliverAsync(events);
        Assert.True(attempt.Succeeded, attempt.Body);
        await Eventually.TrueAsync(async () => (await Host.InboxAsync()).All(r => r.Status != "Pending"), TimeSpan.FromSeconds(30));
        await Eventually.QuietAsync();
        Assert.Equal(3, (await Host.InboxAsync()).Count(r => r.Status == "Done"));
        return events.ConvertAll(e => (string)e["webhookEventId"]!);
    }

    private Task<Infrastructure.Data.ContactRecord> ContactAsync(string user) =>
        Host.QueryAsync(db => db.Contacts.AsNoTracking().SingleAsync(c => c.UserId == user));
}
