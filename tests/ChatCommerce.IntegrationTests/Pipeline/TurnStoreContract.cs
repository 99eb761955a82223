using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatCommerce.Channels.Line;
using ChatCommerce.Conversations.Contacts;
using ChatCommerce.Conversations.Inbox;
using ChatCommerce.Conversations.Outbox;
using ChatCommerce.Conversations.State;
using ChatCommerce.Conversations.Turns;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Orders;
using ChatCommerce.Domain.Replies;
using ChatCommerce.Domain.Serialization;
using ChatCommerce.IntegrationTests.Production;
using ChatCommerce.Infrastructure.Data;
using ChatCommerce.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.IntegrationTests.Pipeline;

/// <summary>
/// A turn's effects commit together or not at all, keyed by the event and the state's version,
/// on both databases: a stale or repeated turn changes nothing, not even an order it placed.
/// </summary>
public abstract class TurnStoreContract : IAsyncLifetime
{
    protected const string User = "U0000000000000000000000000000a804";
    private FakePlatformServer _fakes = null!;

    protected TestHost Host { get; private set; } = null!;

    protected abstract Task<IDictionary<string, string?>> SettingsAsync();

    public async Task InitializeAsync()
    {
        _fakes = await FakePlatformServer.StartAsync();
        // No workers: the test drives the store itself.
        var settings = await SettingsAsync();
        settings["ChatCommerce:Pipeline:Workers"] = "0";
        Host = await TestHost.StartAsync(_fakes, settings);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await _fakes.DisposeAsync();
    }

    [Fact]
    public async Task ACommitOnStaleStateWritesNothingAndLeavesItsEventPending()
    {
        var first = await StoreEventAsync("one");
        var second = await StoreEventAsync("two");
        Assert.IsType<TurnCommit.Committed>(await CommitAsync(first, expectedVersion: 0));

        // Read before the first commit, written after it: the version moved on.
        Assert.IsType<TurnCommit.Conflict>(await CommitAsync(second, expectedVersion: 0));
        Assert.Single(await Host.OutboxAsync());
        Assert.Single(await Host.InteractionsAsync());
        Assert.Equal("Pending", (await Host.InboxAsync()).Single(r => r.Id == second.Id).Status);
        Assert.IsType<TurnCommit.Committed>(await CommitAsync(second, expectedVersion: 1));
        Assert.Equal(2, (await Host.OutboxAsync()).Count);

        // The first contact made its customer once; the touchpoints carry their meaning in columns.
        var customer = await Host.QueryAsync(db => db.Customers.SingleAsync());
        Assert.Equal((CustomerId, "นิด", "https://sprofile.line-scdn.net/x", "prospect"), (customer.Id, customer.DisplayName, customer.PictureUrl, customer.Segment));
        Assert.Equal(CustomerId, await Host.QueryAsync(db => db.Contacts.Select(c => c.CustomerId).SingleAsync()));
        var touchpoints = await Host.InteractionsAsync();
        Assert.All(touchpoints, t => Assert.Equal((CustomerId, "line", User, "greet", "replied"), (t.CustomerId, t.Channel, t.UserId, t.Intent, t.Outcome)));
        Assert.Equal(0.9, touchpoints[0].IntentConfidence!.Value, 3);
    }

    [Fact]
    public async Task AnEventAlreadyCommittedIsNeverAppliedAgain()
    {
        var item = await StoreEventAsync("add 2");
        Assert.IsType<TurnCommit.Committed>(await CommitAsync(item, expectedVersion: 0));

        // A re-run after a crash reads the current state, but its event is done: nothing changes.
        Assert.IsType<TurnCommit.Conflict>(await CommitAsync(item, expectedVersion: 1));
        Assert.Single(await Host.OutboxAsync());
        Assert.Single(await Host.InteractionsAsync());
        Assert.Equal(1, await StateVersionAsync());
    }

    [Fact]
    public async Task AnOrderPlacedInATurnThatLosesTheRaceIsRolledBackWithIt()
    {
        var item = await StoreEventAsync("ยืนยัน");
        var other = await StoreEventAsync("hi");
        Assert.IsType<TurnCommit.Committed>(await CommitAsync(other, expectedVersion: 0));
        var stock = await StockAsync();

        await using (var scope = Host.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<ITurnStore>();
            await using var turn = store.Begin();
            var placed = await PlaceAsync(scope, "turn-order-1");
            Assert.IsType<PlaceOrderResult.Placed>(placed);
            Assert.IsType<TurnCommit.Conflict>(await turn.CommitAsync(Effects(item, expectedVersion: 0), default));
        }

        Assert.Equal(0, await Host.QueryAsync(db => db.Orders.CountAsync()));
        Assert.Equal(stock, await StockAsync());

        // The same turn run again on fresh state places the order, once, with the turn.
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<ITurnStore>();
            await using var turn = store.Begin();
            Assert.IsType<PlaceOrderResult.Placed>(await PlaceAsync(scope, "turn-order-1"));
            Assert.IsType<TurnCommit.Committed>(await turn.CommitAsync(Effects(item, expectedVersion: 1), default));
        }

        Assert.Equal(1, await Host.QueryAsync(db => db.Orders.CountAsync()));
        Assert.Equal(stock - 2, await StockAsync());
    }

    /// <summary>
    /// A write left to the turn's commit (an order's stock) runs in the commit, and must change a
    /// row: one that finds too little stock makes the commit a conflict, with nothing of the turn
    /// kept; one that finds enough commits with the turn and is told so.
    /// </summary>
    [Fact]
    public async Task AWriteLeftToTheCommitThatChangesNoRowMakesTheCommitAConflict()
    {
        var item = await StoreEventAsync("ยืนยัน");
        var stock = await StockAsync();
        async Task<(TurnCommit Commit, bool Told)> CommitClaimingAsync(int quantity)
        {
            await using var scope = Host.Services.CreateAsyncScope();
            await using var turn = scope.ServiceProvider.GetRequiredService<ITurnStore>().Begin();
            var told = false;
            scope.ServiceProvider.GetRequiredService<DbWrites>().ClaimAtCommit(
                "UPDATE products SET \"Stock\"=\"Stock\"-@tq WHERE \"Sku\"=@ts AND \"Stock\">=@tq", [("@ts", "SN-MNG"), ("@tq", quantity)], () => told = true);
            var commit = await turn.CommitAsync(Effects(item, expectedVersion: 0), default);
            return (commit, told);
        }

        var refused = await CommitClaimingAsync(stock + 1);
        Assert.IsType<TurnCommit.Conflict>(refused.Commit);
        Assert.False(refused.Told);
        Assert.Empty(await Host.OutboxAsync());
        Assert.Equal("Pending", Assert.Single(await Host.InboxAsync()).Status);
        Assert.Equal(stock, await StockAsync());

        var taken = await CommitClaimingAsync(stock);
        Assert.IsType<TurnCommit.Committed>(taken.Commit);
        Assert.True(taken.Told);
        Assert.Single(await Host.OutboxAsync());
        Assert.Equal(0, await StockAsync());
    }

    [Fact]
    public async Task TurnsCommittedInOneGroupStandOrFallEachOnItsOwn()
    {
        var first = await StoreEventAsync("one");
        var stale = await StoreEventAsync("two");
        var broken = await StoreEventAsync("three");
        var next = await StoreEventAsync("four");
        // Another chat that claims to be new with the customer id the first turn creates: the
        // customer row cannot be inserted twice, so this turn's statements fail.
        var failing = Effects(broken, expectedVersion: 1);
        failing.Contact = failing.Contact! with { UserId = "U0000000000000000000000000000b999", NewCustomer = true };
        GroupedTurn[] group =
        [
            new(Effects(first, expectedVersion: 0)),
            new(Effects(stale, expectedVersion: 0)),
            new(failing),
            new(Effects(next, expectedVersion: 1)),
        ];

        using var splits = new MetricCounter(Host, "chatcommerce.turn.commit_group.split");
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<SqlTurnStore>().CommitGroupAsync(group, default);
        }

        // Tried in one go first, then written again turn by turn.
        Assert.Equal(1, splits.Total);

        // The first commits; the second read the state before it (rolled back alone); the third's
        // statements failed (rolled back alone, its error reaches its drain); the fourth, reading
        // what the first wrote in the same transaction, commits.
        Assert.Equal(2, Assert.IsType<TurnCommit.Committed>((await group[3].Outcome).Single()).Version);
        Assert.IsType<TurnCommit.Committed>((await group[0].Outcome).Single());
        Assert.IsType<TurnCommit.Conflict>((await group[1].Outcome).Single());
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => group[2].Outcome);
        Assert.Equal(2, await StateVersionAsync());
        Assert.Equal(2, (await Host.OutboxAsync()).Count);
        Assert.Equal(2, (await Host.InteractionsAsync()).Count);
        var inbox = (await Host.InboxAsync()).ToDictionary(r => r.Id, r => r.Status);
        Assert.Equal(["Done", "Pending", "Pending", "Done"], new[] { first, stale, broken, next }.Select(i => inbox[i.Id]));
        var outbox = Assert.IsType<TurnCommit.Committed>((await group[0].Outcome).Single()).Outbox.Concat(Assert.IsType<TurnCommit.Committed>((await group[3].Outcome).Single()).Outbox);
        Assert.Equal((await Host.OutboxAsync()).Select(o => o.Id).Order(), outbox.Select(o => o.Id).Order());
    }

    [Fact]
    public async Task AGroupOfTurnsThatAllStandIsWrittenInOneGoAndAConflictSplitsOnlyItsOwnGroup()
    {
        using var splits = new MetricCounter(Host, "chatcommerce.turn.commit_group.split");
        var users = Enumerable.Range(0, 5).Select(i => "U0000000000000000000000000000c00" + i).ToArray();
        var customers = Enumerable.Range(0, 5).Select(i => "0199aa00bb11cc22dd33ee44ff5566a" + i).ToArray();
        var first = new List<GroupedTurn>();
        for (var i = 0; i < users.Length; i++)
        {
            first.Add(new(Effects(await StoreEventAsync("hi " + i, user: users[i]), expectedVersion: 0, users[i], customers[i])));
        }

        await CommitGroupAsync(first);
        Assert.Equal(0, splits.Total);
        var committed = new List<TurnCommit.Committed>();
        foreach (var turn in first)
        {
            committed.Add(Assert.IsType<TurnCommit.Committed>((await turn.Outcome).Single()));
        }

        // Each turn got its own outbox row back, and every row of every turn is there once.
        Assert.All(committed, c => Assert.Equal(1, c.Version));
        Assert.Equal((await Host.OutboxAsync()).Select(o => o.Id).Order(), committed.Select(c => Assert.Single(c.Outbox).Id).Order());
        Assert.Equal(5, (await Host.InteractionsAsync()).Count);
        Assert.All(await Host.InboxAsync(), r => Assert.Equal("Done", r.Status));
        Assert.Equal(customers.Order(), await Host.QueryAsync(db => db.Customers.Select(c => c.Id).OrderBy(c => c).ToListAsync()));

        // The next group has one turn that read its state before the first group: it alone falls.
        GroupedTurn[] second =
        [
            new(Effects(await StoreEventAsync("again", user: users[0]), expectedVersion: 1, users[0], customers[0])),
            new(Effects(await StoreEventAsync("again", user: users[1]), expectedVersion: 0, users[1], customers[1])),
            new(Effects(await StoreEventAsync("again", user: users[2]), expectedVersion: 1, users[2], customers[2])),
        ];
        await CommitGroupAsync(second);
        Assert.Equal(1, splits.Total);
        Assert.Equal(2, Assert.IsType<TurnCommit.Committed>((await second[0].Outcome).Single()).Version);
        Assert.IsType<TurnCommit.Conflict>((await second[1].Outcome).Single());
        Assert.Equal(2, Assert.IsType<TurnCommit.Committed>((await second[2].Outcome).Single()).Version);
        Assert.Equal(7, (await Host.OutboxAsync()).Count);
        Assert.Equal(1, (await Host.InboxAsync()).Count(r => r.Status == "Pending"));
    }

    [Fact]
    public async Task AChainOfOneConversationsTurnsCommitsAllOrNothingBesideTheOtherTurnsOfItsGroup()
    {
        // A drain's three turns of a new conversation (each on the state the one before left) and
        // another shopper's turn, in one group.
        const string other = "U0000000000000000000000000000c0b1", otherCustomer = "0199aa00bb11cc22dd33ee44ff5566b1";
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);
        var items = new List<InboxItem>();
        for (var i = 0; i < 3; i++)
        {
            items.Add(await StoreEventAsync("chain " + i, at.AddSeconds(i)));
        }

        var chain = items.Select((item, i) => Effects(item, expectedVersion: i)).ToList();
        for (var i = 1; i < chain.Count; i++)
        {
            // The later turns know the sender (no profile asked again, the customer made by the first).
            chain[i].Contact = chain[i].Contact! with { Profile = null, NewCustomer = false };
            chain[i].StateData = "{\"x\":" + (i + 1) + "}";
        }

        GroupedTurn[] group = [new(chain), new(Effects(await StoreEventAsync("alone", user: other), expectedVersion: 0, other, otherCustomer))];
        await CommitGroupAsync(group);

        var commits = (await group[0].Outcome).Select(c => Assert.IsType<TurnCommit.Committed>(c)).ToList();
        Assert.Equal([1L, 2L, 3L], commits.Select(c => c.Version));
        var outbox = (await Host.OutboxAsync()).ToDictionary(o => o.Id);
        Assert.Equal(chain.Select(e => e.Outbox.Single().IdempotencySeed), commits.Select(c => outbox[Assert.Single(c.Outbox).Id].IdempotencySeed));
        Assert.Equal(1, Assert.IsType<TurnCommit.Committed>((await group[1].Outcome).Single()).Version);
        var states = await Host.QueryAsync(db => db.States.AsNoTracking().ToDictionaryAsync(x => x.Key));
        var mine = states[ConversationStateRepository.Key(items[0].Event.Conversation)];
        Assert.Equal((3L, "{\"x\":3}"), (mine.Version, mine.Data));
        Assert.All(await Host.InboxAsync(), r => Assert.Equal("Done", r.Status));
        Assert.Equal(4, (await Host.InteractionsAsync()).Count);
        // One contact row for the chain's sender: the first turn's profile and customer, the last one's time.
        var contact = await Host.QueryAsync(db => db.Contacts.AsNoTracking().SingleAsync(c => c.UserId == User));
        Assert.Equal((CustomerId, "นิด", true, items[2].Event.Timestamp.ToUnixTimeMilliseconds()), (contact.CustomerId, contact.DisplayName, contact.HasProfile, contact.LastUserMessageAtMs));
        Assert.Equal(2, await Host.QueryAsync(db => db.Customers.CountAsync()));

        // A chain whose first turn read a state that moved on writes nothing, while its group's other turn stands.
        var later = new List<InboxItem> { await StoreEventAsync("late 1", at.AddSeconds(10)), await StoreEventAsync("late 2", at.AddSeconds(11)) };
        GroupedTurn[] second = [new(later.Select((item, i) => Effects(item, expectedVersion: 2 + i)).ToList()), new(Effects(await StoreEventAsync("again", user: other), expectedVersion: 1, other, otherCustomer))];
        await CommitGroupAsync(second);
        Assert.All(await second[0].Outcome, c => Assert.IsType<TurnCommit.Conflict>(c));
        Assert.Equal(2, Assert.IsType<TurnCommit.Committed>((await second[1].Outcome).Single()).Version);
        Assert.Equal(3, await Host.QueryAsync(db => db.States.Where(x => x.Key == mine.Key).Select(x => x.Version).SingleAsync()));
        var inbox = (await Host.InboxAsync()).ToDictionary(r => r.Id, r => r.Status);
        Assert.All(later, item => Assert.Equal("Pending", inbox[item.Id]));
        Assert.Equal(5, (await Host.OutboxAsync()).Count);
    }

    /// <summary>
    /// A basket's reminder row and a measured basket are committed with their turns, as each turn
    /// in turn would write them: a chain's basket as its last change left it (the reminder state of
    /// a row it kept stays; a basket emptied and filled again starts without one; an emptied
    /// basket's row goes), and a measured basket only where its conversation has none open.
    /// </summary>
    [Fact]
    public async Task BasketsAndMeasuredBasketsCommitWithTheirTurnsAsEachTurnWouldWriteThem()
    {
        string[] users = ["U0000000000000000000000000000e000", "U0000000000000000000000000000e001", "U0000000000000000000000000000e002"];
        string[] customers = ["0199aa00bb11cc22dd33ee44ff5566e0", "0199aa00bb11cc22dd33ee44ff5566e1", "0199aa00bb11cc22dd33ee44ff5566e2"];
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);
        var items = new List<InboxItem>();
        for (var i = 0; i < 3; i++)
        {
            items.Add(await StoreEventAsync("add " + i, at.AddSeconds(i)));
        }

        var others = new[] { await StoreEventAsync("clear", at, users[1]), await StoreEventAsync("again", at, users[2]) };
        string Key(InboxItem item) => item.Event.Conversation.ToString();
        // Reminded before: the chain's basket (its content reminded of) and both other shoppers'.
        await Host.QueryAsync(async db =>
        {
            db.BasketActivity.AddRange(
                new Domain.Promotions.BasketActivity { Conversation = Key(items[0]), ContentKey = "k-old", Items = 1, UpdatedAtMs = 1, RemindedKey = "k-old", RemindedAtMs = 5 },
                new Domain.Promotions.BasketActivity { Conversation = Key(others[0]), ContentKey = "k-gone", Items = 1, UpdatedAtMs = 1, RemindedKey = "k-gone", RemindedAtMs = 5 },
                new Domain.Promotions.BasketActivity { Conversation = Key(others[1]), ContentKey = "k-back", Items = 1, UpdatedAtMs = 1, RemindedKey = "k-back", RemindedAtMs = 5 });
            return await db.SaveChangesAsync();
        });

        Domain.Promotions.NudgeRecord Nudge(InboxItem item, string promotion) => new()
        {
            Conversation = Key(item), CustomerId = CustomerId, PromotionId = promotion, BasketSatang = 38_000, MissingSatang = 12_000, AtMs = item.Event.Timestamp.ToUnixTimeMilliseconds(),
        };
        var chain = items.Select((item, i) => Effects(item, expectedVersion: i)).ToList();
        chain[0].Basket = new Domain.Promotions.BasketChange(Key(items[0]), CustomerId, "th", "k-one", 2, 100, Emptied: false);
        chain[0].Nudge = Nudge(items[0], "free-ship");
        chain[1].Basket = new Domain.Promotions.BasketChange(Key(items[1]), CustomerId, "en", "k-two", 3, 200, Emptied: false);
        chain[1].Nudge = Nudge(items[1], "ten-off");
        for (var i = 1; i < chain.Count; i++)
        {
            chain[i].Contact = chain[i].Contact! with { Profile = null, NewCustomer = false };
        }

        var cleared = Effects(others[0], expectedVersion: 0, users[1], customers[1]);
        cleared.Basket = new Domain.Promotions.BasketChange(Key(others[0]), customers[1], "th", "", 0, 300, Emptied: true);
        var refilled = new List<TurnEffects> { Effects(others[1], expectedVersion: 0, users[2], customers[2]), Effects(await StoreEventAsync("and again", at.AddSeconds(1), users[2]), expectedVersion: 1, users[2], customers[2]) };
        refilled[0].Basket = new Domain.Promotions.BasketChange(Key(others[1]), customers[2], "th", "", 0, 400, Emptied: true);
        refilled[1].Basket = new Domain.Promotions.BasketChange(Key(others[1]), customers[2], "th", "k-back", 1, 500, Emptied: false);
        refilled[1].Contact = refilled[1].Contact! with { Profile = null, NewCustomer = false };
        GroupedTurn[] group = [new(chain), new(cleared), new(refilled)];
        await CommitGroupAsync(group);

        foreach (var turn in group)
        {
            Assert.All(await turn.Outcome, c => Assert.IsType<TurnCommit.Committed>(c));
        }

        var rows = await Host.QueryAsync(db => db.BasketActivity.AsNoTracking().ToDictionaryAsync(b => b.Conversation));
        Assert.Equal([Key(items[0]), Key(others[1])], rows.Keys.Order(StringComparer.Ordinal));
        var kept = rows[Key(items[0])];
        Assert.Equal((CustomerId, "en", "k-two", 3, 200L, "k-old", 5L), (kept.CustomerId, kept.Locale, kept.ContentKey, kept.Items, kept.UpdatedAtMs, kept.RemindedKey, kept.RemindedAtMs));
        var back = rows[Key(others[1])];
        Assert.Equal(("k-back", 1, 500L, (string?)null, (long?)null), (back.ContentKey, back.Items, back.UpdatedAtMs, back.RemindedKey, back.RemindedAtMs));
        var nudge = Assert.Single(await Host.QueryAsync(db => db.Nudges.AsNoTracking().ToListAsync()));
        Assert.Equal((Key(items[0]), "free-ship", 38_000L, 12_000L, chain[0].Nudge!.AtMs, (string?)null), (nudge.Conversation, nudge.PromotionId, nudge.BasketSatang, nudge.MissingSatang, nudge.AtMs, nudge.OrderNumber));

        // A later turn's measured basket waits while that one is open, and starts once it has its order.
        async Task<List<string>> NudgeLaterAsync(string text, int seconds, long version)
        {
            var item = await StoreEventAsync(text, at.AddSeconds(seconds));
            var effects = Effects(item, expectedVersion: version);
            effects.Contact = effects.Contact! with { Profile = null, NewCustomer = false };
            effects.Nudge = Nudge(item, "ten-off");
            GroupedTurn[] alone = [new(effects)];
            await CommitGroupAsync(alone);
            Assert.IsType<TurnCommit.Committed>((await alone[0].Outcome).Single());
            return await Host.QueryAsync(db => db.Nudges.AsNoTracking().OrderBy(n => n.AtMs).Select(n => n.PromotionId).ToListAsync());
        }

        Assert.Equal(["free-ship"], await NudgeLaterAsync("later", 20, version: 3));
        await Host.QueryAsync(db => db.Nudges.ExecuteUpdateAsync(u => u.SetProperty(n => n.OrderNumber, "CC-0042")));
        Assert.Equal(["free-ship", "ten-off"], await NudgeLaterAsync("after the order", 30, version: 4));
    }

    /// <summary>
    /// A group written in one go (on PostgreSQL one statement a table, the columns as arrays)
    /// writes every column of every turn as a turn written alone would: new and moved-on states,
    /// an event recorded with its note, a first contact without a profile, an unfollow, a profile
    /// that renames an existing customer, touchpoints with and without their understanding, and
    /// outbox rows handed back to the turn that wrote them.
    /// </summary>
    [Fact]
    public async Task AGroupInOneGoWritesEveryColumnOfEveryTurn()
    {
        using var splits = new MetricCounter(Host, "chatcommerce.turn.commit_group.split");
        string[] users = ["U0000000000000000000000000000d000", "U0000000000000000000000000000d001", "U0000000000000000000000000000d002"];
        string[] customers = ["0199aa00bb11cc22dd33ee44ff5566d0", "0199aa00bb11cc22dd33ee44ff5566d1", "0199aa00bb11cc22dd33ee44ff5566d2"];
        await CommitGroupAsync([new(Effects(await StoreEventAsync("first", user: users[1]), expectedVersion: 0, users[1], customers[1]))]);

        var newcomer = await StoreEventAsync("สวัสดี", user: users[0]);
        var leaving = await StoreEventAsync("bye", user: users[1]);
        var quiet = await StoreEventAsync("...", user: users[2]);
        var a = Effects(newcomer, expectedVersion: 0, users[0], customers[0]);
        a.StateData = "{\"a\":1}";
        a.Interactions.Add(new Interaction(newcomer.Event.Conversation, InteractionDirection.Outbound, "order", "สั่งแล้ว", null, newcomer.Event.Timestamp.AddSeconds(1), "total=120")
        {
            CustomerId = customers[0], UserId = users[0], OrderNumber = "CC-0001",
        });
        a.Outbox.Add(new OutboxEntry(newcomer.Event.Conversation, OutboxKind.Notice, [new TextReply("สอง")], "line:second:" + newcomer.Event.EventId, a.Now.AddDays(1)));
        var b = Effects(leaving, expectedVersion: 1, users[1], customers[1]);
        b.StateData = "{\"b\":2}";
        b.Contact = b.Contact! with { IsFollowing = false, Profile = new PlatformProfile("ใหม่", "en", null), LastUserMessageAt = null };
        var c = Effects(quiet, expectedVersion: 0, users[2], customers[2]);
        c.StateData = "{\"c\":3}";
        c.Status = InboxStatus.Recorded;
        c.Note = "standby";
        c.Contact = c.Contact! with { Profile = null };
        c.Interactions[0] = c.Interactions[0] with { Intent = null, IntentConfidence = null, Sentiment = null, SentimentScore = null, Outcome = null };
        c.Outbox.Clear();
        GroupedTurn[] group = [new(a), new(b), new(c)];
        await CommitGroupAsync(group);

        Assert.Equal(0, splits.Total);
        var commits = new List<TurnCommit.Committed>();
        foreach (var turn in group)
        {
            commits.Add(Assert.IsType<TurnCommit.Committed>((await turn.Outcome).Single()));
        }

        Assert.Equal([1L, 2L, 1L], commits.Select(x => x.Version));
        var states = await Host.QueryAsync(db => db.States.AsNoTracking().ToDictionaryAsync(s => s.Key, s => (s.Data, s.Version)));
        Assert.Equal(("{\"a\":1}", 1L), states[ConversationStateRepository.Key(newcomer.Event.Conversation)]);
        Assert.Equal(("{\"b\":2}", 2L), states[ConversationStateRepository.Key(leaving.Event.Conversation)]);
        Assert.Equal(("{\"c\":3}", 1L), states[ConversationStateRepository.Key(quiet.Event.Conversation)]);

        var inbox = (await Host.InboxAsync()).ToDictionary(r => r.Id);
        Assert.Equal(("Done", (string?)null), (inbox[newcomer.Id].Status, inbox[newcomer.Id].Note));
        Assert.Equal(("Recorded", (string?)"standby"), (inbox[quiet.Id].Status, inbox[quiet.Id].Note));

        var contacts = await Host.QueryAsync(db => db.Contacts.AsNoTracking().ToDictionaryAsync(k => k.UserId));
        Assert.Equal(Expected("นิด", "th", true, true, customers[0], newcomer.Event.Timestamp.ToUnixTimeMilliseconds()), Row(contacts[users[0]]));
        // The unfollow keeps the last time they wrote (the first event's) and takes the new profile.
        Assert.Equal(Expected("ใหม่", "en", false, true, customers[1], contacts[users[1]].LastUserMessageAtMs), Row(contacts[users[1]]));
        Assert.NotNull(contacts[users[1]].LastUserMessageAtMs);
        Assert.Equal(Expected(null, null, true, false, customers[2], quiet.Event.Timestamp.ToUnixTimeMilliseconds()), Row(contacts[users[2]]));

        var names = await Host.QueryAsync(db => db.Customers.AsNoTracking().ToDictionaryAsync(k => k.Id, k => k.DisplayName));
        Assert.Equal(["นิด", "ใหม่", null], customers.Select(id => names[id]));

        var touchpoints = (await Host.InteractionsAsync()).Where(t => t.Conversation != leaving.Event.Conversation.ToString() || t.Text == "bye").ToList();
        Assert.Equal(4, touchpoints.Count);
        var order = Assert.Single(touchpoints, t => t.Direction == "Outbound");
        Assert.Equal(("order", "สั่งแล้ว", "total=120", "CC-0001", customers[0], "line", users[0]), (order.Kind, order.Text, order.Detail, order.OrderNumber, order.CustomerId, order.Channel, order.UserId));
        var understood = Assert.Single(touchpoints, t => t.Text == "สวัสดี");
        Assert.Equal(("greet", 0.9, "neutral", 0.8, TouchpointOutcomes.Replied, newcomer.Event.MessageId), (understood.Intent, Math.Round(understood.IntentConfidence!.Value, 3), understood.Sentiment, Math.Round(understood.SentimentScore!.Value, 3), understood.Outcome, understood.MessageId));
        var plain = Assert.Single(touchpoints, t => t.Text == "...");
        Assert.Null(plain.Intent);
        Assert.Null(plain.IntentConfidence);
        Assert.Null(plain.Sentiment);
        Assert.Null(plain.Outcome);
        Assert.Equal(customers[2], plain.CustomerId);

        // Each turn's outbox messages are the rows with its seeds, in its order.
        var outbox = (await Host.OutboxAsync()).ToDictionary(o => o.Id);
        foreach (var (turn, commit) in group.Zip(commits))
        {
            Assert.Equal(turn.Chain[0].Outbox.Select(e => e.IdempotencySeed), commit.Outbox.Select(m => outbox[m.Id].IdempotencySeed));
            Assert.All(commit.Outbox, m => Assert.Equal(turn.Chain[0].Conversation.ToString(), outbox[m.Id].Conversation));
        }

        Assert.Equal([2, 1, 0], commits.Select(x => x.Outbox.Count));
    }

    /// <summary>
    /// Delivery outcomes are written in batches (on PostgreSQL one statement for each kind of
    /// outcome): each reaches its own message, a delivered message leaves the outbox, one given up
    /// on keeps its reason, progress never goes back, and a message completed twice in one batch
    /// ends as its last completion says with the furthest progress.
    /// </summary>
    [Fact]
    public async Task DeliveryOutcomesOfABatchEachReachTheirMessage()
    {
        var turns = new List<GroupedTurn>();
        foreach (var i in new[] { 0, 1, 2 })
        {
            var user = "U0000000000000000000000000000e00" + i;
            turns.Add(new(Effects(await StoreEventAsync("hi", user: user), expectedVersion: 0, user, "0199aa00bb11cc22dd33ee44ff5566e" + i)));
        }

        await CommitGroupAsync(turns);
        var ids = new List<long>();
        foreach (var turn in turns)
        {
            ids.Add(Assert.Single(Assert.IsType<TurnCommit.Committed>((await turn.Outcome).Single()).Outbox).Id);
        }

        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IOutboxStore>().CompleteAsync(
                [
                    new(ids[0], OutboxStatus.Failed, 2, "first", at), new(ids[1], OutboxStatus.Expired, 0, "stale", at.AddSeconds(1)), new(ids[0], OutboxStatus.Sent, 1, "again", at.AddSeconds(2)),
                    new(ids[2], OutboxStatus.Sent, 1, "Replied", at), new(ids[2], OutboxStatus.Unreachable, 0, "blocked", at.AddSeconds(3)),
                ],
                default);
        }

        var rows = (await Host.OutboxAsync()).ToDictionary(o => o.Id);
        Assert.False(rows.ContainsKey(ids[0]), "the delivered message left the outbox");
        Assert.Equal(("Expired", 0, "stale", at.AddSeconds(1).ToUnixTimeMilliseconds()), (rows[ids[1]].Status, rows[ids[1]].Progress, rows[ids[1]].Note, rows[ids[1]].DoneAtMs!.Value));
        Assert.Equal(("Unreachable", 1, "blocked", at.AddSeconds(3).ToUnixTimeMilliseconds()), (rows[ids[2]].Status, rows[ids[2]].Progress, rows[ids[2]].Note, rows[ids[2]].DoneAtMs!.Value));
    }

    private static (string?, string?, bool, bool, string?, long?) Row(ContactRecord contact) =>
        (contact.DisplayName, contact.Language, contact.IsFollowing, contact.HasProfile, contact.CustomerId, contact.LastUserMessageAtMs);

    private static (string?, string?, bool, bool, string?, long?) Expected(string? name, string? language, bool following, bool hasProfile, string? customer, long? wrote) =>
        (name, language, following, hasProfile, customer, wrote);

    [Fact]
    public async Task TurnsFinishingTogetherShareCommitsAndEachGetsItsOwnOutcome()
    {
        var items = new List<InboxItem>();
        for (var i = 0; i < 12; i++)
        {
            items.Add(await StoreEventAsync("m" + i));
        }

        // Twelve turns that all read "no state yet", committed at once through the ordinary path in
        // whatever groups they fall into: exactly one stands, and each learns its own outcome.
        var outcomes = await Task.WhenAll(items.Select(item => CommitAsync(item, expectedVersion: 0)));
        var committed = Assert.Single(outcomes.OfType<TurnCommit.Committed>());
        Assert.Equal(11, outcomes.OfType<TurnCommit.Conflict>().Count());
        Assert.Equal(committed.Outbox.Single().Id, Assert.Single(await Host.OutboxAsync()).Id);
        Assert.Single(await Host.InteractionsAsync());
        Assert.Equal(1, await StateVersionAsync());
        Assert.Equal(11, (await Host.InboxAsync()).Count(r => r.Status == "Pending"));
    }

    [Fact]
    public async Task TheSnapshotHoldsStatePendingEventsInTimestampOrderAndTheSender()
    {
        var later = await StoreEventAsync("later", DateTimeOffset.UtcNow.AddSeconds(1));
        var earlier = await StoreEventAsync("earlier", DateTimeOffset.UtcNow);
        Assert.IsType<TurnCommit.Committed>(await CommitAsync(earlier, expectedVersion: 0));
        await using var scope = Host.Services.CreateAsyncScope();
        var snapshot = await scope.ServiceProvider.GetRequiredService<ITurnStore>().LoadAsync(new ConversationKey(Channel.Line, User), 10, default);
        Assert.Equal(1, snapshot.State.Version);
        Assert.Equal("{\"x\":1}", snapshot.State.Data);
        Assert.Equal([later.Id], snapshot.Pending.Select(p => p.Id));
        Assert.True(snapshot.Contacts[User].LastUserMessageAt > DateTimeOffset.UnixEpoch);
    }

    /// <summary>
    /// An intake write stores each new event once and returns exactly those (a duplicate in the
    /// same write, or one stored before, is not added), each with what it was delivered with.
    /// </summary>
    [Fact]
    public async Task AnIntakeWriteReturnsExactlyTheEventsItAdded()
    {
        var now = DateTimeOffset.UtcNow;
        var events = LineWebhookParser.Parse(Encoding.UTF8.GetBytes(new JsonObject
        {
            ["destination"] = "U",
            ["events"] = new JsonArray(_fakes.Line.TextEvent(User, "หนึ่ง", now), _fakes.Line.TextEvent("Uother", "two", now.AddSeconds(1)), _fakes.Line.TextEvent(User, "สาม", now.AddSeconds(2))),
        }.ToJsonString())).Events;
        await using var scope = Host.Services.CreateAsyncScope();
        var inbox = scope.ServiceProvider.GetRequiredService<IInbox>();

        var first = await inbox.AddAsync([events[0], events[1], events[0]], now, default);
        var second = await inbox.AddAsync([events[1], events[2]], now, default);

        Assert.Equal(["หนึ่ง", "two"], first.Select(i => i.Event.Text));
        Assert.Equal(["สาม"], second.Select(i => i.Event.Text));
        Assert.Equal(3, first.Concat(second).Select(i => i.Id).Distinct().Count());
        var stored = await Host.QueryAsync(db => db.Inbox.AsNoTracking().OrderBy(r => r.Id).ToListAsync());
        Assert.Equal(first.Concat(second).Select(i => (i.Id, i.Event.EventId, i.Event.Conversation.ToString(), i.Event.Timestamp.ToUnixTimeMilliseconds())),
            stored.Select(r => (r.Id, r.EventId, r.Conversation, r.EventTimestampMs)));
        Assert.All(stored, r => Assert.Equal(("line", "Pending", now.ToUnixTimeMilliseconds()), (r.Channel, r.Status.ToString(), r.ReceivedAtMs)));
    }

    /// <summary>
    /// What an event carried is stored as it came, whatever its text: Thai, emoji (surrogate
    /// pairs), quotes, backslashes, control characters and a JSON look-alike; and a write of
    /// thousands of events (more than one statement's worth) adds each once.
    /// </summary>
    [Fact]
    public async Task AnIntakeWriteStoresEveryTextAsItCameAndManyEventsEachOnce()
    {
        var now = DateTimeOffset.UtcNow;
        string[] texts = ["ขอเสื้อ 👕🏽 สีดำ", "\"quoted\" \\ back\\slash", "tab\tnew\nline\u0001\u001f", "{\"events\":[1]} ->> '0'", "e\u0301 🇹🇭 \uFFFD", new string('ก', 400)];
        var bulk = Enumerable.Range(0, 1_203).Select(i => _fakes.Line.TextEvent("Ubulk" + (i % 7), i < texts.Length ? texts[i] : "n" + i, now.AddMilliseconds(i)));
        var events = LineWebhookParser.Parse(Encoding.UTF8.GetBytes(new JsonObject { ["destination"] = "U", ["events"] = new JsonArray([.. bulk]) }.ToJsonString())).Events;
        await using var scope = Host.Services.CreateAsyncScope();
        var inbox = scope.ServiceProvider.GetRequiredService<IInbox>();

        var added = await inbox.AddAsync(events, now, default);
        var again = await inbox.AddAsync(events.Take(600).ToList(), now, default);

        Assert.Equal(events.Select(e => e.EventId).Order(), added.Select(i => i.Event.EventId).Order());
        Assert.Empty(again);
        var stored = await Host.QueryAsync(db => db.Inbox.AsNoTracking().Where(r => r.Conversation.StartsWith("line:Ubulk")).ToListAsync());
        Assert.Equal(events.Count, stored.Count);
        var byId = events.ToDictionary(e => e.EventId);
        Assert.All(stored, r =>
        {
            var kept = JsonSerializer.Deserialize(r.Payload, DomainJson.Default.InboundEvent)!;
            var sent = byId[r.EventId];
            Assert.Equal((sent.Text, sent.Conversation.ToString(), sent.Timestamp.ToUnixTimeMilliseconds()), (kept.Text, r.Conversation, r.EventTimestampMs));
        });
        Assert.Equal(texts, stored.OrderBy(r => r.EventTimestampMs).Take(texts.Length).Select(r => JsonSerializer.Deserialize(r.Payload, DomainJson.Default.InboundEvent)!.Text));
    }

    /// <summary>
    /// Receipts (Messenger's echoes of the parts it delivered) move each message's progress on to
    /// its furthest part, however many come in one intake write and in whatever order, and never back.
    /// </summary>
    [Fact]
    public async Task AnIntakeWritesReceiptsMoveEachMessageToItsFurthestPartDelivered()
    {
        var items = new[] { await StoreEventAsync("three parts"), await StoreEventAsync("two parts", user: "U0000000000000000000000000000f001") };
        var first = Effects(items[0], expectedVersion: 0);
        first.Outbox[0] = first.Outbox[0] with { Messages = [new TextReply("1"), new TextReply("2"), new TextReply("3")] };
        var second = Effects(items[1], expectedVersion: 0, "U0000000000000000000000000000f001", "0199aa00bb11cc22dd33ee44ff5566f1");
        second.Outbox[0] = second.Outbox[0] with { Messages = [new TextReply("1"), new TextReply("2")] };
        GroupedTurn[] group = [new(first), new(second)];
        await CommitGroupAsync(group);
        var ids = new List<long>();
        foreach (var turn in group)
        {
            ids.Add(Assert.Single(Assert.IsType<TurnCommit.Committed>((await turn.Outcome).Single()).Outbox).Id);
        }

        var n = 0;
        InboundEvent Receipt(TurnEffects effects, int part) => new()
        {
            Channel = Channel.Messenger, EventId = "m_echo_" + n++, Kind = InboundEventKind.Echo, RawType = "message_echo", RawJson = "{}", Timestamp = DateTimeOffset.UtcNow,
            Conversation = effects.Conversation, Payload = DeliveryMarker.Format(effects.Outbox[0].IdempotencySeed, part, 1000),
        };
        async Task<int[]> ProgressAfterAsync(params InboundEvent[] receipts)
        {
            await using var scope = Host.Services.CreateAsyncScope();
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<IInbox>().AddAsync(receipts, DateTimeOffset.UtcNow, default));
            var rows = (await Host.OutboxAsync()).ToDictionary(o => o.Id);
            return [.. ids.Select(id => rows[id].Progress)];
        }

        Assert.Equal(new[] { 2, 1 }, await ProgressAfterAsync(Receipt(first, 1), Receipt(second, 0), Receipt(first, 0), new InboundEvent
        {
            Channel = Channel.Messenger, EventId = "m_echo_unknown", Kind = InboundEventKind.Echo, RawType = "message_echo", RawJson = "{}", Timestamp = DateTimeOffset.UtcNow,
            Conversation = first.Conversation, Payload = DeliveryMarker.Format("messenger:nobody", 4, 1000),
        }));
        Assert.Equal(new[] { 2, 2 }, await ProgressAfterAsync(Receipt(first, 0), Receipt(second, 1)));
        Assert.Equal(new[] { 3, 2 }, await ProgressAfterAsync(Receipt(first, 2)));

        // A receipt for a message this instance finished with is left out of the write: it has no
        // row to move (its row is pending here only because the test never completed it).
        Host.Services.GetRequiredService<FinishedMessages>().Add([second.Outbox[0].IdempotencySeed]);
        var third = Effects(await StoreEventAsync("one part", user: "U0000000000000000000000000000f002"), expectedVersion: 0, "U0000000000000000000000000000f002", "0199aa00bb11cc22dd33ee44ff5566f2");
        GroupedTurn[] more = [new(third)];
        await CommitGroupAsync(more);
        ids.Add(Assert.Single(Assert.IsType<TurnCommit.Committed>((await more[0].Outcome).Single()).Outbox).Id);
        Assert.Equal(new[] { 3, 2, 1 }, await ProgressAfterAsync(Receipt(second, 3), Receipt(third, 0)));
    }

    protected async Task<InboxItem> StoreEventAsync(string text, DateTimeOffset? at = null, string user = User)
    {
        var body = Encoding.UTF8.GetBytes(new JsonObject { ["destination"] = "U", ["events"] = new JsonArray(_fakes.Line.TextEvent(user, text, at)) }.ToJsonString());
        await using var scope = Host.Services.CreateAsyncScope();
        var added = await scope.ServiceProvider.GetRequiredService<IInbox>().AddAsync(LineWebhookParser.Parse(body).Events, DateTimeOffset.UtcNow, default);
        return Assert.Single(added);
    }

    protected async Task CommitGroupAsync(IReadOnlyList<GroupedTurn> group)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SqlTurnStore>().CommitGroupAsync(group, default);
    }

    /// <summary>Stores a message of the test's shopper and commits its turn on the given version.</summary>
    protected async Task<TurnCommit> CommitOneAsync(string text, long expectedVersion) => await CommitAsync(await StoreEventAsync(text), expectedVersion);

    protected async Task<TurnCommit> CommitAsync(InboxItem item, long expectedVersion) => await CommitAsync(Effects(item, expectedVersion));

    protected async Task<TurnCommit> CommitAsync(TurnEffects effects)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        await using var turn = scope.ServiceProvider.GetRequiredService<ITurnStore>().Begin();
        return await turn.CommitAsync(effects, default);
    }

    private const string CustomerId = "0199aa00bb11cc22dd33ee44ff556677";

    protected static TurnEffects Effects(InboxItem item, long expectedVersion, string user = User, string customerId = CustomerId)
    {
        var now = DateTimeOffset.UtcNow;
        var effects = new TurnEffects(item.Event.Conversation, item.Id, expectedVersion)
        {
            StateData = "{\"x\":1}",
            StateExpiresAt = now.AddDays(1),
            Now = now,
            Contact = new ContactTouch(Channel.Line, user, item.Event.Timestamp, null, new PlatformProfile("นิด", "th", "https://sprofile.line-scdn.net/x"), customerId, NewCustomer: expectedVersion == 0),
        };
        effects.Interactions.Add(new Interaction(item.Event.Conversation, InteractionDirection.Inbound, "message:text", item.Event.Text, item.Event.MessageId, item.Event.Timestamp)
        {
            CustomerId = customerId, UserId = user, Intent = "greet", IntentConfidence = 0.9f, Sentiment = "neutral", SentimentScore = 0.8f, Outcome = TouchpointOutcomes.Replied,
        });
        effects.Outbox.Add(new OutboxEntry(item.Event.Conversation, OutboxKind.Reply, [new TextReply("ok")], "line:" + item.Event.EventId, now.AddMinutes(5)));
        return effects;
    }

    /// <summary>Places the test's order under <paramref name="key"/> in the scope (inside its turn, if one is begun there).</summary>
    protected static Task<PlaceOrderResult> PlaceAsync(AsyncServiceScope scope, string key) =>
        scope.ServiceProvider.GetRequiredService<IOrderStore>().PlaceAsync(Draft(key), ShippingOptions.Defaults[0], default);

    protected static OrderDraft Draft(string key) =>
        new(key, "line", User, "th", "นิด", "0812345678", "1 ถนนสีลม กรุงเทพฯ 10500", "10500", "standard", "cod", [new BasketLine("SN-MNG", 2)]);

    protected Task<int> StockAsync() => Host.QueryAsync(db => db.Products.Where(p => p.Sku == "SN-MNG").Select(p => p.Stock).SingleAsync());

    private Task<long> StateVersionAsync() => Host.QueryAsync(db => db.States.Select(s => s.Version).SingleAsync());

    /// <summary>
    /// A write of one statement made inside a turn (a payment slip kept as it arrives) belongs to the
    /// turn: a turn that ends without committing leaves nothing of it, on both databases.
    /// </summary>
    [Fact]
    public async Task AOneStatementWriteInsideATurnGoesWithTheTurn()
    {
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<SqlTurnStore>();
            await using var turn = store.Begin();
            await scope.ServiceProvider.GetRequiredService<ChatCommerce.Domain.Payments.IPaymentStore>()
                .StoreSlipAsync("slip-of-a-turn-never-committed", new ChatCommerce.Domain.Payments.MediaContent([1, 2, 3], "image/jpeg"), default);
            Assert.True(turn.HasWrites);
        }

        Assert.False(await Host.QueryAsync(db => db.Slips.AnyAsync(s => s.Sha256 == "slip-of-a-turn-never-committed")));
    }

    /// <summary>
    /// Every look-up by status uses the index of that status's rows (the inbox and outbox index
    /// only those), not a scan of its table; on PostgreSQL with scans ruled out, so an empty
    /// table's plan says which index the query can use at all.
    /// </summary>
    [Fact]
    public async Task LookUpsByStatusUseTheIndexOfThatStatus()
    {
        var plans = new List<(string Sql, string Index, string Plan)>();
        var sqlite = await Host.QueryAsync(db => Task.FromResult(db.Database.IsSqlite()));
        foreach (var (sql, index) in StatusQueries.On(sqlite))
        {
            plans.Add((sql, index, await Host.QueryAsync(db => PlanAsync(db, sql))));
        }

        Assert.All(plans, p => Assert.True(p.Plan.Contains(p.Index, StringComparison.Ordinal), $"{p.Sql}\nuses no {p.Index}*:\n{p.Plan}"));
    }

    private static readonly Dictionary<string, object> SampleParameters = new()
    {
        ["@c"] = "line:" + User, ["@n"] = 10, ["@max"] = 10, ["@before"] = 0L, ["@now"] = 0L, ["@s"] = "seed", ["@p"] = 1,
        ["@convs"] = new[] { "line:" + User, "line:U2" }, ["@lims"] = new[] { 10, 10 },
    };

    protected static async Task<string> PlanAsync(ChatCommerceDbContext db, string sql)
    {
        var sqlite = db.Database.IsSqlite();
        await db.Database.OpenConnectionAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var connection = db.Database.GetDbConnection();
        if (!sqlite)
        {
            await db.Database.ExecuteSqlRawAsync("SET LOCAL enable_seqscan = off");
        }

        await using var command = connection.CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        command.CommandText = (sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + sql;
        foreach (var name in System.Text.RegularExpressions.Regex.Matches(sql, "@[a-z]+").Select(m => m.Value).Distinct())
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = SampleParameters[name];
            command.Parameters.Add(parameter);
        }

        var plan = new StringBuilder();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.AppendLine(reader.GetString(sqlite ? 3 : 0));
            }
        }

        await transaction.RollbackAsync();
        return plan.ToString();
    }
}

public sealed class SqliteTurnStoreTests : TurnStoreContract
{
    protected override Task<IDictionary<string, string?>> SettingsAsync() => Task.FromResult<IDictionary<string, string?>>(new Dictionary<string, string?>());

    /// <summary>
    /// A group of turns keeps a savepoint per turn: its sub-journal stays in memory (on disk it was
    /// a file opened, written, unlinked and closed for every group: a tenth of the core under load),
    /// and commits do not wait for the disk (WAL with synchronous NORMAL).
    /// </summary>
    [Fact]
    public async Task ConnectionsKeepTemporaryDataInMemoryAndCommitWithoutWaitingForTheDisk()
    {
        Assert.Equal([2L], await Host.QueryAsync(db => db.Database.SqlQueryRaw<long>("SELECT temp_store AS Value FROM pragma_temp_store").ToListAsync()));
        Assert.Equal([1L], await Host.QueryAsync(db => db.Database.SqlQueryRaw<long>("SELECT synchronous AS Value FROM pragma_synchronous").ToListAsync()));
        Assert.Equal(["wal"], await Host.QueryAsync(db => db.Database.SqlQueryRaw<string>("SELECT journal_mode AS Value FROM pragma_journal_mode").ToListAsync()));
    }
}

[Collection(ProductionCollection.Name)]
public sealed class PostgresTurnStoreTests(ProductionServers servers) : TurnStoreContract
{
    private string _database = "";
    private string _connectionString = "";

    protected override async Task<IDictionary<string, string?>> SettingsAsync()
    {
        _connectionString = await servers.Postgres.CreateDatabaseAsync();
        _database = new Npgsql.NpgsqlConnectionStringBuilder(_connectionString).Database!;
        // The tests of plans made on stale statistics control when tables are analysed: the host's
        // own look for grown tables is off here (one test runs it by hand; PostgresOnlyTests runs it in a host).
        return new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = _connectionString, ["ChatCommerce:Database:GrowingTablesCheck"] = "00:00:00" };
    }

    /// <summary>
    /// Every shopper buying the same product waits for its row: an order placed in a turn takes
    /// its stock in the turn's commit, so the row is not held while the rest of the turn runs.
    /// </summary>
    [Fact]
    public async Task AnOrderInATurnLocksItsProductsOnlyInTheTurnsCommit()
    {
        var item = await StoreEventAsync("ยืนยัน");
        var stock = await StockAsync();
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            await using var turn = scope.ServiceProvider.GetRequiredService<ITurnStore>().Begin();
            Assert.IsType<PlaceOrderResult.Placed>(await PlaceAsync(scope, "turn-order-lock"));

            // The turn has written its order and not committed: the owner restocks meanwhile.
            await using (var owner = new Npgsql.NpgsqlConnection(_connectionString + ";Pooling=false"))
            {
                await owner.OpenAsync();
                await using var restock = new Npgsql.NpgsqlCommand("SET lock_timeout = '3s'; UPDATE products SET \"Stock\"=\"Stock\"+5 WHERE \"Sku\"='SN-MNG'", owner);
                Assert.Equal(1, await restock.ExecuteNonQueryAsync());
            }

            Assert.Equal(0, await Host.QueryAsync(db => db.Orders.CountAsync()));
            Assert.IsType<TurnCommit.Committed>(await turn.CommitAsync(Effects(item, expectedVersion: 0), default));
        }

        Assert.Equal(1, await Host.QueryAsync(db => db.Orders.CountAsync()));
        Assert.Equal(stock + 5 - 2, await StockAsync());
    }

    /// <summary>
    /// An order's own statements run under key plans (planned once a connection) inside the turn's
    /// transaction; the turn's later statements, its commit's among them, are planned as before.
    /// </summary>
    [Fact]
    public async Task AnOrderInATurnLeavesTheTurnsPlanningAsItWas()
    {
        var item = await StoreEventAsync("ยืนยัน");
        await using var scope = Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatCommerceDbContext>();
        await using var turn = scope.ServiceProvider.GetRequiredService<ITurnStore>().Begin();
        Assert.IsType<PlaceOrderResult.Placed>(await PlaceAsync(scope, "planned-order"));
        Assert.NotNull(db.Database.CurrentTransaction);
        Assert.Equal(PlanSettings.Store, await PlanSettings.ReadAsync(db));

        // The same key again inside the turn: the earlier order, and the settings still the store's.
        Assert.IsType<PlaceOrderResult.AlreadyPlaced>(await PlaceAsync(scope, "planned-order"));
        Assert.Equal(PlanSettings.Store, await PlanSettings.ReadAsync(db));
        Assert.IsType<TurnCommit.Committed>(await turn.CommitAsync(Effects(item, expectedVersion: 0), default));
        Assert.Equal(1, await Host.QueryAsync(db => db.Orders.CountAsync()));
    }

    /// <summary>
    /// Once an order's commit has taken its products' rows it finishes without the turn threads:
    /// they may be busy with every other turn's work (at a lower priority than the webhooks), and
    /// everyone buying the same product waits for those rows until the commit. Here the only turn
    /// thread is held the whole time the commit runs; the stock must still be taken and committed.
    /// </summary>
    [Fact]
    public async Task AnOrdersCommitFinishesWhileTheTurnThreadsAreBusy()
    {
        var item = await StoreEventAsync("ยืนยัน");
        var stock = await StockAsync();
        using var turns = new TurnScheduler(threads: 1, nice: 0);
        using var busy = new ManualResetEventSlim();
        await using var scope = Host.Services.CreateAsyncScope();
        await using var turn = scope.ServiceProvider.GetRequiredService<ITurnStore>().Begin();
        Assert.IsType<PlaceOrderResult.Placed>(await PlaceAsync(scope, "busy-turn-threads"));

        // The commit starts on the turn thread; the next thing queued there holds it until released.
        var commit = Task.Factory.StartNew(() => turn.CommitAsync(Effects(item, expectedVersion: 0), default), CancellationToken.None, TaskCreationOptions.None, turns).Unwrap();
        var held = Task.Factory.StartNew(() => busy.Wait(TimeSpan.FromSeconds(60)), CancellationToken.None, TaskCreationOptions.None, turns);
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (await StockAsync() != stock - 2 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            Assert.Equal(stock - 2, await StockAsync());
            Assert.False(held.IsCompleted);
        }
        finally
        {
            busy.Set();
        }

        Assert.IsType<TurnCommit.Committed>(await commit);
        Assert.Equal(1, await Host.QueryAsync(db => db.Orders.CountAsync()));
    }

    /// <summary>
    /// Two shoppers confirm the last two units at once: both turns read enough stock, the first to
    /// commit takes it, the second's commit takes nothing and runs the turn again, which now finds
    /// the product sold out.
    /// </summary>
    [Fact]
    public async Task StockTakenBeforeATurnsCommitMakesTheTurnRunAgainAndFindItSoldOut()
    {
        await Host.QueryAsync(db => db.Products.Where(p => p.Sku == "SN-MNG").ExecuteUpdateAsync(u => u.SetProperty(p => p.Stock, 2)));
        const string Other = "U0000000000000000000000000000f0a2";
        var first = await StoreEventAsync("ยืนยัน");
        var second = await StoreEventAsync("ยืนยัน", user: Other);
        await using var firstScope = Host.Services.CreateAsyncScope();
        await using var secondScope = Host.Services.CreateAsyncScope();
        await using var firstTurn = firstScope.ServiceProvider.GetRequiredService<ITurnStore>().Begin();
        await using var secondTurn = secondScope.ServiceProvider.GetRequiredService<ITurnStore>().Begin();
        Assert.IsType<PlaceOrderResult.Placed>(await PlaceAsync(firstScope, "sold-out-1"));
        Assert.IsType<PlaceOrderResult.Placed>(await PlaceAsync(secondScope, "sold-out-2"));

        Assert.IsType<TurnCommit.Committed>(await firstTurn.CommitAsync(Effects(first, expectedVersion: 0), default));
        Assert.IsType<TurnCommit.Conflict>(await secondTurn.CommitAsync(Effects(second, 0, Other, "0199aa00bb11cc22dd33ee44ff5566a2"), default));
        Assert.Equal(0, await StockAsync());
        Assert.Equal(["sold-out-1"], await Host.QueryAsync(db => db.Orders.Select(o => o.IdempotencyKey).ToListAsync()));

        await using var again = Host.Services.CreateAsyncScope();
        await using var rerun = again.ServiceProvider.GetRequiredService<ITurnStore>().Begin();
        var sold = Assert.IsType<PlaceOrderResult.OutOfStock>(await PlaceAsync(again, "sold-out-2"));
        Assert.Equal(["SN-MNG"], sold.Skus);
        Assert.IsType<TurnCommit.Committed>(await rerun.CommitAsync(Effects(second, 0, Other, "0199aa00bb11cc22dd33ee44ff5566a2"), default));
        Assert.Equal(0, await StockAsync());
    }

    /// <summary>
    /// The sender renews the leases of the messages it is working on while a completion may be
    /// writing some of the same rows. The renewal passes over a row another transaction holds
    /// instead of waiting for it (waiting, each taking the rows in its own order, the two
    /// deadlocked under load), and renews the rest.
    /// </summary>
    [Fact]
    public async Task ALeaseRenewalPassesOverAMessageAnotherTransactionHoldsAndRenewsTheRest()
    {
        foreach (var i in new[] { 1, 2 })
        {
            var user = "U0000000000000000000000000000f00" + i;
            Assert.IsType<TurnCommit.Committed>(await CommitAsync(Effects(await StoreEventAsync("hi", user: user), 0, user, "0199aa00bb11cc22dd33ee44ff5566f" + i)));
        }

        // Pending, leased until 1,000 and not due for an hour: the sender leaves them alone.
        await Host.QueryAsync(db => db.Database.ExecuteSqlRawAsync(
            "UPDATE outbox SET \"Status\"='Pending', \"LeaseUntilMs\"=1000, \"NextAttemptAtMs\"=(extract(epoch FROM now()) * 1000)::bigint + 3600000"));
        var ids = (await Host.OutboxAsync()).Select(o => o.Id).Order().ToList();
        Assert.Equal(2, ids.Count);

        await using var other = new Npgsql.NpgsqlConnection(_connectionString);
        await other.OpenAsync();
        await using var holding = await other.BeginTransactionAsync();
        await using (var lockRow = new Npgsql.NpgsqlCommand("SELECT 1 FROM outbox WHERE \"Id\"=@id FOR UPDATE", other, holding))
        {
            lockRow.Parameters.AddWithValue("id", ids[0]);
            await lockRow.ExecuteNonQueryAsync();
        }

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IOutboxStore>().RenewLeasesAsync([.. ids], DateTimeOffset.FromUnixTimeMilliseconds(5000), patience.Token);
        }

        await holding.CommitAsync();
        var leases = (await Host.OutboxAsync()).ToDictionary(o => o.Id, o => o.LeaseUntilMs);
        Assert.Equal(1000, leases[ids[0]]);
        Assert.Equal(5000, leases[ids[1]]);
    }

    /// <summary>
    /// A first contact's drain loads its state, events and contact in one command: the contact
    /// is looked for once, not asked for again because it was not found (Npgsql reports every
    /// command it sends as an activity, tagged with its database).
    /// </summary>
    [Fact]
    public async Task AFirstContactIsLoadedInOneCommand()
    {
        await StoreEventAsync("hello", user: "Ufirst");
        var commands = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (activity.TagObjects.Any(t => Equals(t.Value, _database)))
                {
                    commands.Enqueue(activity.DisplayName);
                }
            },
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);

        await using var scope = Host.Services.CreateAsyncScope();
        var snapshot = await scope.ServiceProvider.GetRequiredService<ITurnStore>().LoadAsync(new ConversationKey(Channel.Line, "Ufirst"), 10, default);

        Assert.Single(snapshot.Pending);
        Assert.Empty(snapshot.Contacts);
        Assert.Single(commands);
    }

    /// <summary>
    /// The hot path's statements are planned once a connection, not at each run (<see cref="KeyPlans"/>):
    /// thirty rounds of two events stored, their drains' reads as one group, their turns committed
    /// as one group and their replies' outcomes recorded. The server's own counts
    /// (<c>pg_stat_statements</c>) show each statement run at least 30 times and planned for fewer
    /// than half of them, where it was planned at every run before. (Twice a connection is the
    /// usual count: the first run, before Npgsql prepares the statement, and the prepared
    /// statement's generic plan. A plan is also made again when the server invalidates it: after
    /// its tables are analysed, or when other databases' changes overflow the server's queue of
    /// invalidations, as tests running beside this one do.)
    /// </summary>
    [Fact]
    public async Task TheHotPathsStatementsArePlannedOnceAConnectionNotAtEachRun()
    {
        await Host.QueryAsync(db => db.Database.ExecuteSqlRawAsync("CREATE EXTENSION IF NOT EXISTS pg_stat_statements"));
        const int Rounds = 30;
        for (var round = 0; round < Rounds; round++)
        {
            var users = new[] { $"U00000000000000000000000000000{round:D2}a", $"U00000000000000000000000000000{round:D2}b" };
            var items = new[] { await StoreEventAsync("hi", user: users[0]), await StoreEventAsync("hi", user: users[1]) };
            var loads = users.Select(u => new GroupedLoad(new ConversationKey(Channel.Line, u), 10)).ToArray();
            await using (var scope = Host.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<SqlTurnStore>().LoadGroupAsync(loads, default);
            }

            foreach (var load in loads)
            {
                Assert.Single((await load.Outcome).Pending);
            }

            GroupedTurn[] group = [.. items.Select((item, i) => new GroupedTurn(Effects(item, 0, users[i], $"0199aa00bb11cc22dd33ee44ff55{round:D2}{i:D2}")))];
            await CommitGroupAsync(group);
            var sent = new List<OutboxCompletion>();
            foreach (var turn in group)
            {
                sent.AddRange(Assert.IsType<TurnCommit.Committed>((await turn.Outcome).Single()).Outbox.Select(m => new OutboxCompletion(m.Id, OutboxStatus.Sent, 1, null, DateTimeOffset.UtcNow)));
            }

            await using (var scope = Host.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<IOutboxStore>().CompleteAsync(sent, default);
            }
        }

        var counts = await Host.QueryAsync(db => db.Database.SqlQueryRaw<PlanCount>(
            "SELECT query AS \"Query\", calls AS \"Calls\", plans AS \"Plans\" FROM pg_stat_statements WHERE dbid=(SELECT oid FROM pg_database WHERE datname=current_database())").ToListAsync());
        // The store's pool keeps what it opened (idle connections close after minutes, not
        // seconds); the jobs' pool runs none of these statements.
        var connections = await Host.QueryAsync(db => db.Database.SqlQueryRaw<long>(
            "SELECT count(*) AS \"Value\" FROM pg_stat_activity WHERE datname=current_database() AND application_name<>'chatcommerce-jobs'").SingleAsync());
        string[] hot = ["INSERT INTO inbox", "SELECT c.n,i.\"Id\"", "UPDATE inbox i", "INSERT INTO conversation_states", "INSERT INTO customers", "INSERT INTO contacts", "INSERT INTO touchpoints", "INSERT INTO outbox", "DELETE FROM outbox"];
        foreach (var start in hot)
        {
            // The same text may be counted as more than one entry (prepared, and sent once before).
            var rows = counts.Where(c => c.Query.TrimStart().StartsWith(start, StringComparison.Ordinal)).ToList();
            var (calls, plans) = (rows.Sum(r => r.Calls), rows.Sum(r => r.Plans));
            Assert.True(calls >= Rounds && 2 * plans < calls, $"{start}: {calls} runs, {plans} plans, {connections} connections");
        }
    }

    private sealed record PlanCount(string Query, long Calls, long Plans);

    /// <summary>
    /// Drains that read together each get their own conversation: its state, its pending events
    /// oldest first up to its own limit, its chat user's contact; a conversation with nothing has
    /// none of the others' rows. The group's query of the inbox uses the index of pending rows.
    /// </summary>
    [Fact]
    public async Task DrainsReadInOneGroupEachGetTheirOwnConversation()
    {
        var now = DateTimeOffset.UtcNow;
        Assert.IsType<TurnCommit.Committed>(await CommitAsync(await StoreEventAsync("first", now.AddSeconds(-10)), expectedVersion: 0));
        var third = await StoreEventAsync("third", now.AddSeconds(2));
        var second = await StoreEventAsync("second", now.AddSeconds(1));
        await StoreEventAsync("fourth", now.AddSeconds(3));
        var other = await StoreEventAsync("hello", now, user: "Uother");

        var group = new[] { new GroupedLoad(new ConversationKey(Channel.Line, User), 2), new GroupedLoad(new ConversationKey(Channel.Line, "Uother"), 10), new GroupedLoad(new ConversationKey(Channel.Line, "Unone"), 10) };
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<SqlTurnStore>().LoadGroupAsync(group, default);
        }

        var (mine, theirs, nobody) = (await group[0].Outcome, await group[1].Outcome, await group[2].Outcome);
        Assert.Equal((1L, "{\"x\":1}"), (mine.State.Version, mine.State.Data));
        Assert.Equal([second.Id, third.Id], mine.Pending.Select(p => p.Id));
        Assert.Equal(["second", "third"], mine.Pending.Select(p => p.Event.Text));
        Assert.Equal([User], mine.Contacts.Keys);
        Assert.Equal((0L, null), (theirs.State.Version, theirs.State.Data));
        Assert.Equal([other.Id], theirs.Pending.Select(p => p.Id));
        Assert.Empty(theirs.Contacts);
        Assert.Equal((0L, 0, 0), (nobody.State.Version, nobody.Pending.Count, nobody.Contacts.Count));

        var plan = await Host.QueryAsync(db => PlanAsync(db, StatusQueries.PendingOfConversations));
        Assert.True(plan.Contains("IX_inbox_open_Pending", StringComparison.Ordinal), plan);
    }

    /// <summary>
    /// A statement the store first ran against a young table is not stuck with a plan for a few
    /// rows: delivery outcomes recorded while the outbox held one message (a message given up on
    /// keeps its row, a delivered one leaves), then again once it holds twenty thousand, find their
    /// rows through the key, never by reading the whole table (the server's own counts of
    /// whole-table reads).
    /// </summary>
    [Fact]
    public async Task AStatementFirstRunOnAYoungTableReadsTheTableByItsKeyOnceItGrew()
    {
        var committed = Assert.IsType<TurnCommit.Committed>(await CommitOneAsync("hi", 0));
        var id = Assert.Single(committed.Outbox).Id;
        var at = DateTimeOffset.UtcNow;
        async Task CompleteAsync(int times, Func<int, long> delivered)
        {
            for (var i = 0; i < times; i++)
            {
                await using var scope = Host.Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<IOutboxStore>().CompleteAsync([new(id, OutboxStatus.Failed, 1, "refused " + i, at), new(delivered(i), OutboxStatus.Sent, 1, null, at)], default);
            }
        }

        // While young: nothing to deliver yet (ids no message has), so only the plans are made.
        await CompleteAsync(12, i => -1 - i);
        await Host.QueryAsync(db => db.Database.ExecuteSqlRawAsync("""
            DO $$ DECLARE columns text := (SELECT string_agg(quote_ident(column_name), ',') FROM information_schema.columns WHERE table_name = 'outbox' AND column_name <> 'Id');
            BEGIN EXECUTE format('INSERT INTO outbox (%s) SELECT %s FROM outbox, generate_series(1, 20000)', columns, columns); END $$
            """));
        // Counted once every backend reported (a backend reports a table's counts together).
        var before = await OutboxCountsAsync(until: c => c.Inserted >= 20_001 && c.Updated >= 12);
        await CompleteAsync(5, i => id + 1 + i);
        var after = await OutboxCountsAsync(until: c => c.Updated >= 17 && c.Deleted >= 5);

        Assert.Equal((20_001L, 12L, 0L, 17L, 5L), (before.Inserted, before.Updated, before.Deleted, after.Updated, after.Deleted));
        Assert.Equal(before.WholeReads, after.WholeReads);
    }

    private async Task<(long Inserted, long Updated, long Deleted, long WholeReads)> OutboxCountsAsync(Func<(long Inserted, long Updated, long Deleted, long WholeReads), bool> until)
    {
        // Each backend reports its counts when idle, at most once a second (later when busy).
        (long Inserted, long Updated, long Deleted, long WholeReads) counts = default;
        for (var i = 0; i < 150 && !until(counts); i++)
        {
            await Task.Delay(100);
            counts = await Host.QueryAsync(async db => (
                await db.Database.SqlQueryRaw<long>("SELECT n_tup_ins AS \"Value\" FROM pg_stat_user_tables WHERE relname='outbox'").SingleAsync(),
                await db.Database.SqlQueryRaw<long>("SELECT n_tup_upd AS \"Value\" FROM pg_stat_user_tables WHERE relname='outbox'").SingleAsync(),
                await db.Database.SqlQueryRaw<long>("SELECT n_tup_del AS \"Value\" FROM pg_stat_user_tables WHERE relname='outbox'").SingleAsync(),
                await db.Database.SqlQueryRaw<long>("SELECT seq_scan AS \"Value\" FROM pg_stat_user_tables WHERE relname='outbox'").SingleAsync()));
        }

        return counts;
    }

    /// <summary>
    /// The recovery's claim of abandoned messages looks through the index of pending messages,
    /// which still points at messages delivered since (until vacuum clears it). It reads those
    /// once: the claim walks the index and marks each dead entry as it passes, so the next claim
    /// skips them (a bitmap scan read every one of them again on every claim; the server's own
    /// count of the pages each claim read).
    /// </summary>
    [Fact]
    public async Task TheRecoveryClaimReadsMessagesDeliveredSinceOnlyOnce()
    {
        await Host.QueryAsync(db => db.Database.ExecuteSqlRawAsync("CREATE EXTENSION IF NOT EXISTS pg_stat_statements"));
        Assert.IsType<TurnCommit.Committed>(await CommitOneAsync("hi", 0));
        await Host.QueryAsync(db => db.Database.ExecuteSqlRawAsync("""
            ALTER TABLE outbox SET (autovacuum_enabled = false);
            DO $$ DECLARE columns text := (SELECT string_agg(quote_ident(column_name), ',') FROM information_schema.columns WHERE table_name = 'outbox' AND column_name <> 'Id');
            BEGIN EXECUTE format('INSERT INTO outbox (%s) SELECT %s FROM outbox, generate_series(1, 3000)', columns, columns); END $$;
            UPDATE outbox SET "Status"='Pending', "NextAttemptAtMs"=0, "LeaseUntilMs"=(extract(epoch FROM now()) * 1000)::bigint + 3600000;
            DELETE FROM outbox WHERE "Id" <> (SELECT max("Id") FROM outbox);
            """));

        async Task<long> ClaimAsync()
        {
            await using (var scope = Host.Services.CreateAsyncScope())
            {
                var now = DateTimeOffset.UtcNow;
                await scope.ServiceProvider.GetRequiredService<IOutboxStore>().ClaimAbandonedAsync(now, now.AddMinutes(-1), now.AddSeconds(30), 100, default);
            }

            return await Host.QueryAsync(db => db.Database.SqlQueryRaw<long>(
                "SELECT COALESCE(sum(shared_blks_hit + shared_blks_read), 0)::bigint AS \"Value\" FROM pg_stat_statements WHERE dbid=(SELECT oid FROM pg_database WHERE datname=current_database())"
                + " AND query LIKE 'UPDATE outbox SET \"LeaseUntilMs\"=$1, \"LeaseOwner\"%'").SingleAsync());
        }

        var first = await ClaimAsync();
        var second = await ClaimAsync();
        var third = await ClaimAsync();
        Assert.True(first > 100, $"the first claim read {first} pages");
        Assert.True(third - second < 50, $"pages read: {first} by the first claim, then {second - first} and {third - second}");
    }

    /// <summary>
    /// The table's statistics taken when none of its rows was pending, then every row pending: its
    /// rows and 10,000 copies (other conversations, <paramref name="uniqueColumn"/> made unique),
    /// autovacuum off so nothing analyses it again; statement statistics reset.
    /// </summary>
    private Task PendingAfterAQuietAnalyseAsync(string table, string uniqueColumn, string doneStatus, string alsoSet = "")
    {
        // Names and values are this class's own constants.
        var sql = "CREATE EXTENSION IF NOT EXISTS pg_stat_statements;"
            + $"ALTER TABLE {table} SET (autovacuum_enabled = false);"
            + CopiesSql(table, uniqueColumn, 10_000)
            + $"UPDATE {table} SET \"Status\"='{doneStatus}';"
            + $"ANALYZE {table};"
            + $"UPDATE {table} SET \"Status\"='Pending'{alsoSet};"
            + "SELECT pg_stat_statements_reset();";
        return Host.QueryAsync(db => db.Database.ExecuteSqlRawAsync(sql));
    }

    /// <summary>
    /// SQL that adds <paramref name="count"/> copies of the table's first row, each with a
    /// conversation and a <paramref name="uniqueColumn"/> of its own (<c>line:Ucopy{n}</c>, <c>copy{n}</c>).
    /// </summary>
    private static string CopiesSql(string table, string uniqueColumn, int count) =>
        $"DO $$ DECLARE columns text := (SELECT string_agg(quote_ident(column_name), ',') FROM information_schema.columns WHERE table_name = '{table}' AND column_name <> 'Id');"
        + $" copied text := (SELECT string_agg(CASE column_name WHEN 'Conversation' THEN '''line:Ucopy''||g' WHEN '{uniqueColumn}' THEN '''copy''||g' ELSE quote_ident(column_name) END, ',')"
        + $" FROM information_schema.columns WHERE table_name = '{table}' AND column_name <> 'Id');"
        + $" BEGIN EXECUTE format('INSERT INTO {table} (%s) SELECT %s FROM (SELECT * FROM {table} LIMIT 1) i, generate_series(1, {count}) g', columns, copied); END $$;";

    /// <summary>Pages (shared buffers) read by this database's statements that start with <paramref name="start"/>, planning included.</summary>
    private Task<long> PagesReadAsync(string start) =>
        Host.QueryAsync(db => db.Database.SqlQueryRaw<long>(
            "SELECT COALESCE(sum(shared_blks_hit + shared_blks_read), 0)::bigint AS \"Value\" FROM pg_stat_statements WHERE dbid=(SELECT oid FROM pg_database WHERE datname=current_database())"
            + " AND query LIKE {0}", start + "%").SingleAsync());

    /// <summary>
    /// The sender's lease renewal reaches its messages by key however many are pending, the table
    /// analysed when none was (planned for its values, it walked every pending message).
    /// </summary>
    [Fact]
    public async Task ALeaseRenewalFindsItsMessagesByKeyHoweverManyArePending()
    {
        Assert.IsType<TurnCommit.Committed>(await CommitOneAsync("hi", 0));
        var id = (await Host.OutboxAsync()).Single().Id;
        await PendingAfterAQuietAnalyseAsync("outbox", "IdempotencySeed", "Sent");

        async Task<long> RenewAsync(long until)
        {
            await using (var scope = Host.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<IOutboxStore>().RenewLeasesAsync([id], DateTimeOffset.FromUnixTimeMilliseconds(until), default);
            }

            return await PagesReadAsync("UPDATE outbox SET \"LeaseUntilMs\"");
        }

        var first = await RenewAsync(5000);
        var second = await RenewAsync(6000);
        Assert.Equal(6000, (await Host.OutboxAsync()).Single(o => o.Id == id).LeaseUntilMs);
        Assert.True(second - first < 120, $"pages read: {first} by the first renewal, {second - first} by the second");
    }

    /// <summary>
    /// A group's inbox completion reaches each event by its key, however stale the statistics:
    /// here the inbox was analysed when nothing was pending, then 10,000 events are. With the status
    /// written as a literal the kept plan walked every pending event for each group (the server's
    /// count of the pages the statement read).
    /// </summary>
    [Fact]
    public async Task AGroupsInboxCompletionFindsItsEventsByKeyHoweverManyArePending()
    {
        var users = new[] { "U0000000000000000000000000000e101", "U0000000000000000000000000000e102" };
        var items = new List<InboxItem>();
        foreach (var user in users)
        {
            items.Add(await StoreEventAsync("hi", user: user));
        }

        await PendingAfterAQuietAnalyseAsync("inbox", "EventId", "Done");

        async Task<long> CompleteAsync(int i)
        {
            GroupedTurn[] group = [new(Effects(items[i], 0, users[i], "0199aa00bb11cc22dd33ee44ff5567a" + i))];
            await CommitGroupAsync(group);
            Assert.IsType<TurnCommit.Committed>((await group[0].Outcome).Single());
            return await PagesReadAsync("UPDATE inbox i SET");
        }

        // The first group plans the statement on its connection (the planner's own reads count too).
        var first = await CompleteAsync(0);
        var second = await CompleteAsync(1);
        var done = await Host.QueryAsync(db => db.Inbox.AsNoTracking().Where(r => r.Id == items[0].Id || r.Id == items[1].Id).Select(r => r.Status).ToListAsync());
        Assert.Equal(["Done", "Done"], done);
        Assert.True(second - first < 300, $"pages read: {first} by the first group's completion, {second - first} by the second's");
    }

    /// <summary>A committed turn whose one outbox message has two parts (so a receipt can move it on).</summary>
    private async Task<(TurnEffects Effects, long Id)> TwoPartMessageAsync()
    {
        var item = await StoreEventAsync("two parts");
        var effects = Effects(item, expectedVersion: 0);
        effects.Outbox[0] = effects.Outbox[0] with { Messages = [new TextReply("1"), new TextReply("2")] };
        GroupedTurn[] group = [new(effects)];
        await CommitGroupAsync(group);
        return (effects, Assert.Single(Assert.IsType<TurnCommit.Committed>((await group[0].Outcome).Single()).Outbox).Id);
    }

    /// <summary>Meta's echo of the message's part <paramref name="part"/>, stored by the intake; returns the pages the receipts' statement read so far.</summary>
    private async Task<long> ReceiptAsync(TurnEffects effects, int part)
    {
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            InboundEvent receipt = new()
            {
                Channel = Channel.Messenger, EventId = $"m_echo_{effects.Outbox[0].IdempotencySeed}_{part}", Kind = InboundEventKind.Echo, RawType = "message_echo", RawJson = "{}", Timestamp = DateTimeOffset.UtcNow,
                Conversation = effects.Conversation, Payload = DeliveryMarker.Format(effects.Outbox[0].IdempotencySeed, part, 1000),
            };
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<IInbox>().AddAsync([receipt], DateTimeOffset.UtcNow, default));
        }

        return await PagesReadAsync("UPDATE outbox o SET \"Progress\"");
    }

    /// <summary>
    /// A Messenger receipt moves its message's progress inside the intake's write, which webhooks
    /// wait on. The table's statistics are those of its last analyse, here taken when no message
    /// was pending; then 10,000 are. The receipt's statement still finds its message through the
    /// message's conversation (the server's count of the pages it read), instead of walking every
    /// pending message as a plan that believed none were did.
    /// </summary>
    [Fact]
    public async Task AReceiptFindsItsMessageThroughItsConversationHoweverManyArePending()
    {
        var (effects, id) = await TwoPartMessageAsync();
        await PendingAfterAQuietAnalyseAsync("outbox", "IdempotencySeed", "Sent", ", \"Progress\"=0");

        // The first receipt plans the statement on its connection (the planner's own reads count
        // too); the second runs the plan.
        var first = await ReceiptAsync(effects, 0);
        Assert.Equal(1, (await Host.OutboxAsync()).Single(o => o.Id == id).Progress);
        var second = await ReceiptAsync(effects, 1);
        Assert.Equal(2, (await Host.OutboxAsync()).Single(o => o.Id == id).Progress);
        Assert.True(second - first < 120, $"pages read: {first} by the first receipt's statement, {second - first} by the second's");
    }

    /// <summary>
    /// The outbox keeps only messages in flight, so the planner sees a table of a row or two, while
    /// its indexes still hold the entries of thousands of messages delivered since (until vacuum).
    /// A receipt's statement and a delivery outcome planned then still reach their message through
    /// its key, not by walking an index whole as the outer side of their join (the server's count
    /// of the pages each statement read).
    /// </summary>
    [Fact]
    public async Task OutboxStatementsReachTheirMessageByKeyWhenTheTableLooksNearlyEmpty()
    {
        var (effects, id) = await TwoPartMessageAsync();
        // Messages delivered since: 20,000 removed rows whose entries stay in the indexes (no vacuum).
        var removed = "CREATE EXTENSION IF NOT EXISTS pg_stat_statements; ALTER TABLE outbox SET (autovacuum_enabled = false);"
            + CopiesSql("outbox", "IdempotencySeed", 20_000)
            + "DELETE FROM outbox WHERE \"IdempotencySeed\" LIKE 'copy%'; ANALYZE outbox; SELECT pg_stat_statements_reset();";
        await Host.QueryAsync(db => db.Database.ExecuteSqlRawAsync(removed));

        async Task<long> OutcomeAsync(int attempt)
        {
            await using (var scope = Host.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<IOutboxStore>().CompleteAsync([new(id, OutboxStatus.Unreachable, 2, "blocked " + attempt, DateTimeOffset.UtcNow)], default);
            }

            return await PagesReadAsync("UPDATE outbox o SET \"Status\"");
        }

        // Each statement's first run plans it on its connection (the planner's own reads count too);
        // the second runs the plan.
        var firstReceipt = await ReceiptAsync(effects, 0);
        var secondReceipt = await ReceiptAsync(effects, 1);
        Assert.Equal(2, (await Host.OutboxAsync()).Single(o => o.Id == id).Progress);
        var firstOutcome = await OutcomeAsync(0);
        var secondOutcome = await OutcomeAsync(1);
        var row = (await Host.OutboxAsync()).Single(o => o.Id == id);
        Assert.Equal(("Unreachable", "blocked 1"), (row.Status, row.Note));
        Assert.True(secondReceipt - firstReceipt < 20, $"pages read: {firstReceipt} by the first receipt's statement, {secondReceipt - firstReceipt} by the second's");
        Assert.True(secondOutcome - firstOutcome < 20, $"pages read: {firstOutcome} by the first outcome's statement, {secondOutcome - firstOutcome} by the second's");
    }

    /// <summary>
    /// A customer's orders, asked in turns (checkout's start, order status), are planned once a
    /// connection on PostgreSQL, not at each call (the server's own counts).
    /// </summary>
    [Fact]
    public async Task ACustomersOrdersArePlannedOnceAConnectionNotAtEachCall()
    {
        await Host.QueryAsync(db => db.Database.ExecuteSqlRawAsync("CREATE EXTENSION IF NOT EXISTS pg_stat_statements"));
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            Assert.IsType<PlaceOrderResult.Placed>(await PlaceAsync(scope, "planned-once"));
        }

        for (var i = 0; i < 30; i++)
        {
            await using var scope = Host.Services.CreateAsyncScope();
            var orders = await scope.ServiceProvider.GetRequiredService<IOrderStore>().ForCustomerAsync("line", User, 3, default);
            Assert.Equal(2, Assert.Single(orders).Lines.Single().Quantity);
        }

        var counts = await Host.QueryAsync(db => db.Database.SqlQueryRaw<PlanCount>(
            "SELECT query AS \"Query\", calls AS \"Calls\", plans AS \"Plans\" FROM pg_stat_statements WHERE dbid=(SELECT oid FROM pg_database WHERE datname=current_database()) AND query LIKE 'SELECT o2.%' AND query LIKE '%WHERE o.\"Channel\" = $1 AND o.\"UserId\" = $2%'").ToListAsync());
        var read = Assert.Single(counts);
        Assert.True(read.Calls >= 30 && read.Plans < 10, $"{read.Calls} calls, {read.Plans} plans");
    }

    /// <summary>
    /// The group's read of its drains' contacts, planned on its connection while the contacts held
    /// a row, then run once they are 20,000: on a table of a page a walk of an index costs the
    /// planner what a key does, so the plan made then may walk, and autovacuum (off here) would
    /// analyse the table a minute later at best. The table is analysed as it grows
    /// (<see cref="GrowingTableAnalyzer"/>, run here by hand), its plans are made again, and the read
    /// reaches each contact by its key (the server's count of the pages the statement read).
    /// </summary>
    [Fact]
    public async Task TheContactsReadPlannedOnAYoungTableReachesEachContactByKeyOnceTheTableGrew()
    {
        await Host.QueryAsync(db => db.Database.ExecuteSqlRawAsync("CREATE EXTENSION IF NOT EXISTS pg_stat_statements; ALTER TABLE contacts SET (autovacuum_enabled = false)"));
        Assert.IsType<TurnCommit.Committed>(await CommitOneAsync("hi", 0));
        async Task<long> ReadAsync()
        {
            GroupedLoad[] group = [new(new ConversationKey(Channel.Line, User), 10), new(new ConversationKey(Channel.Line, "U0000000000000000000000000000f0b1"), 10)];
            await using (var scope = Host.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<SqlTurnStore>().LoadGroupAsync(group, default);
            }

            Assert.Single((await group[0].Outcome).Contacts);
            return await PagesReadAsync("SELECT c.n,k.");
        }

        await ReadAsync();
        await ReadAsync();
        var analysed = await AnalysesAsync("contacts");
        await Host.QueryAsync(db => db.Database.ExecuteSqlRawAsync(CopiesSql("contacts", "UserId", 20_000)));
        var analyzer = new GrowingTableAnalyzer(_connectionString, TimeSpan.FromSeconds(1), Microsoft.Extensions.Logging.Abstractions.NullLogger<GrowingTableAnalyzer>.Instance);
        await Eventually.TrueAsync(
            async () =>
            {
                // The server's count of live rows is updated within a second of the insert.
                await analyzer.AnalyzeGrownAsync(default);
                return await AnalysesAsync("contacts") > analysed;
            },
            TimeSpan.FromSeconds(20),
            what: "the grown contacts analysed");

        var first = await ReadAsync();
        var second = await ReadAsync();
        var third = await ReadAsync();
        Assert.True(third - second < 40, $"pages read: {first}, then {second - first} and {third - second} by the next two reads");
    }

    private Task<long> AnalysesAsync(string table) =>
        Host.QueryAsync(db => db.Database.SqlQueryRaw<long>("SELECT analyze_count + autoanalyze_count AS \"Value\" FROM pg_stat_user_tables WHERE relname={0}", table).SingleAsync());

    /// <summary>
    /// Every turn rewrites its conversation's state; nothing a turn changes there is indexed and
    /// its pages keep room, so PostgreSQL writes the new version beside the old one without
    /// touching an index (a "HOT" update), as its own statistics count.
    /// </summary>
    [Fact]
    public async Task ATurnRewritesItsStateInPlace()
    {
        for (var version = 0; version < 10; version++)
        {
            Assert.IsType<TurnCommit.Committed>(await CommitOneAsync("m" + version, version));
        }

        // Each backend reports its counts when idle, at most once a second (later when the shared
        // counts are busy: up to ten seconds).
        (long Updated, long InPlace) counts = default;
        for (var i = 0; i < 150 && counts.Updated < 9; i++)
        {
            await Task.Delay(100);
            counts = await Host.QueryAsync(async db => (
                await db.Database.SqlQueryRaw<long>("SELECT n_tup_upd AS \"Value\" FROM pg_stat_user_tables WHERE relname='conversation_states'").SingleAsync(),
                await db.Database.SqlQueryRaw<long>("SELECT n_tup_hot_upd AS \"Value\" FROM pg_stat_user_tables WHERE relname='conversation_states'").SingleAsync()));
        }

        Assert.Equal((9L, 9L), counts);
        Assert.Equal(["fillfactor=70"], await Host.QueryAsync(db => db.Database.SqlQueryRaw<string>("SELECT unnest(reloptions) AS \"Value\" FROM pg_class WHERE relname='conversation_states'").ToListAsync()));
    }
}
