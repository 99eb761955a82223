using System.Text.Json;
using ChatCommerce.Conversations.Inbox;
using ChatCommerce.Conversations.Outbox;
using ChatCommerce.Conversations.State;
using ChatCommerce.Conversations.Turns;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Promotions;
using ChatCommerce.Domain.Serialization;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>
/// A commit group's writes on PostgreSQL as one statement a table instead of one a turn: each
/// column of the group's rows goes as one array and <c>unnest</c> makes the rows again. The server
/// plans and starts seven statements for a group of 32 turns instead of about two hundred, and
/// the host binds a few dozen array parameters instead of two thousand. Same rows, same checks:
/// a state moved on or an event already handled shows as fewer rows changed than turns, and the
/// group is then written turn by turn (see <see cref="SqlTurnStore"/>).
/// </summary>
internal sealed class GroupStatements(
    IReadOnlyList<GroupedTurn> turns, SqlBatch.Statement? updated, int updates, SqlBatch.Statement? created, int creates, SqlBatch.Statement inbox, int events, SqlBatch.Statement? outbox)
{
    /// <summary>
    /// The contacts the group touches, each chain's touches merged (<see cref="ContactTouch.Then"/>);
    /// null when the group does not suit one statement a table: two chains touch the same contact
    /// (a person writing in a group chat and to the shop at once: one upsert cannot change a row
    /// twice, and the second must see the customer the first one made), or a turn removes an
    /// unsent message. Such a group is written turn by turn in one batch.
    /// </summary>
    public static List<(ContactTouch Touch, DateTimeOffset Now)>? Contacts(IReadOnlyList<GroupedTurn> turns)
    {
        var seen = new HashSet<(Channel, string)>();
        var touches = new List<(ContactTouch Touch, DateTimeOffset Now)>(turns.Count);
        foreach (var turn in turns)
        {
            foreach (var effects in turn.Chain)
            {
                if (effects.ForgetMessageId is not null)
                {
                    return null;
                }
            }

            foreach (var touched in Touches(turn.Chain))
            {
                if (!seen.Add((touched.Touch.Channel, touched.Touch.UserId)))
                {
                    return null;
                }

                touches.Add(touched);
            }
        }

        return touches;
    }

    /// <summary>The state moved on under some chain, or some event was handled already.</summary>
    public bool Conflicted =>
        (updated?.RecordsAffected ?? 0) != updates || (created?.RecordsAffected ?? 0) != creates || inbox.RecordsAffected != events;

    /// <summary>What each turn of each chain committed, in the group's order (once the transaction has committed).</summary>
    public IReadOnlyList<IReadOnlyList<TurnCommit>> Committed()
    {
        // The group's outbox rows are its turns' entries one after another (OutboxRows maps the ids).
        var messages = outbox is null ? [] : OutboxRows.Inserted(outbox, turns.SelectMany(t => t.Chain).SelectMany(e => e.Outbox).ToList());
        var next = 0;
        var commits = new IReadOnlyList<TurnCommit>[turns.Count];
        for (var i = 0; i < turns.Count; i++)
        {
            var chain = turns[i].Chain;
            var version = chain[0].ExpectedVersion;
            var outcomes = new TurnCommit[chain.Count];
            for (var k = 0; k < chain.Count; k++)
            {
                var effects = chain[k];
                outcomes[k] = new TurnCommit.Committed(version + k + 1, messages.Skip(next).Take(effects.Outbox.Count).ToList());
                next += effects.Outbox.Count;
            }

            commits[i] = outcomes;
        }

        return commits;
    }

    /// <summary>
    /// Adds the group's statements to the batch, in the order the turn store writes a turn's. A
    /// chain writes its state once: the last turn's, moved on by as many versions as it has turns,
    /// if the stored version is still the one its first turn read.
    /// </summary>
    public static GroupStatements Add(SqlBatch batch, IReadOnlyList<GroupedTurn> turns, List<(ContactTouch Touch, DateTimeOffset Now)> contacts, DateTimeOffset now, DateTimeOffset leaseUntil, string leaseOwner)
    {
        var effects = turns.SelectMany(t => t.Chain).ToList();
        var updates = turns.Where(t => t.Chain[0].ExpectedVersion > 0).Select(t => t.Chain).ToList();
        var creates = turns.Where(t => t.Chain[0].ExpectedVersion == 0).Select(t => t.Chain).ToList();
        SqlBatch.Statement? updated = null, created = null;
        if (updates.Count > 0)
        {
            updated = batch.Add("""
                UPDATE conversation_states s SET "Data"=v.d, "Version"=s."Version"+v.n, "ExpiresAtMs"=v.x
                FROM unnest(@gsk,@gsd,@gsx,@gsv,@gsn) AS v(k,d,x,ver,n) WHERE s."Key"=ANY(@gsk) AND s."Key"=v.k AND s."Version"=v.ver
                """)
                .With("@gsk", updates.Select(c => ConversationStateRepository.Key(c[0].Conversation)).ToArray())
                .With("@gsd", updates.Select(c => c[^1].StateData).ToArray())
                .With("@gsx", updates.Select(c => c[^1].StateExpiresAt.ToUnixTimeMilliseconds()).ToArray())
                .With("@gsv", updates.Select(c => c[0].ExpectedVersion).ToArray())
                .With("@gsn", updates.Select(c => (long)c.Count).ToArray());
        }

        if (creates.Count > 0)
        {
            created = batch.Add("""
                INSERT INTO conversation_states ("Key","Data","Version","ExpiresAtMs")
                SELECT v.k, v.d, v.n, v.x FROM unnest(@gnk,@gnd,@gnx,@gnn) AS v(k,d,x,n) ON CONFLICT ("Key") DO NOTHING
                """)
                .With("@gnk", creates.Select(c => ConversationStateRepository.Key(c[0].Conversation)).ToArray())
                .With("@gnd", creates.Select(c => c[^1].StateData).ToArray())
                .With("@gnx", creates.Select(c => c[^1].StateExpiresAt.ToUnixTimeMilliseconds()).ToArray())
                .With("@gnn", creates.Select(c => (long)c.Count).ToArray());
        }

        // The status is a parameter so that each event is found by its key (see KeyPlans).
        var inbox = batch.Add("""
            UPDATE inbox i SET "Status"=v.s, "Note"=v.n FROM unnest(@gii,@gis,@gin) AS v(id,s,n) WHERE i."Id"=ANY(@gii) AND i."Id"=v.id AND i."Status"=@gip
            """)
            .With("@gip", nameof(InboxStatus.Pending))
            .With("@gii", effects.Select(e => e.InboxId).ToArray())
            .With("@gis", effects.Select(e => e.Status.ToString()).ToArray())
            .With("@gin", effects.Select(e => Sql.CutOrNull(e.Note, 500)).ToArray());
        AddContacts(batch, contacts);
        AddInteractions(batch, effects);
        AddBaskets(batch, turns);
        AddNudges(batch, turns);
        var outbox = AddOutbox(batch, effects, now, leaseUntil, leaseOwner);
        return new GroupStatements(turns, updated, updates.Count, created, creates.Count, inbox, effects.Count, outbox);
    }

    /// <summary>The contacts a chain touches, each once: its turns' touches of one sender merged in order, at the last one's time.</summary>
    private static List<(ContactTouch Touch, DateTimeOffset Now)> Touches(IReadOnlyList<TurnEffects> chain)
    {
        var touches = new List<(ContactTouch Touch, DateTimeOffset Now)>(1);
        foreach (var effects in chain)
        {
            if (effects.Contact is not { } touch)
            {
                continue;
            }

            var at = touches.FindIndex(t => t.Touch.Channel == touch.Channel && t.Touch.UserId == touch.UserId);
            if (at < 0)
            {
                touches.Add((touch, effects.Now));
            }
            else
            {
                touches[at] = (touches[at].Touch.Then(touch), effects.Now);
            }
        }

        return touches;
    }

    private static void AddContacts(SqlBatch batch, List<(ContactTouch Touch, DateTimeOffset Now)> touches)
    {
        // In key order: groups of two instances written at once that share contacts (a shopper in a
        // group chat and in their own) lock the rows in the same order, so one waits for the other
        // instead of one of them being refused as a deadlock and written again turn by turn.
        var touched = touches.OrderBy(t => t.Touch.Channel).ThenBy(t => t.Touch.UserId, StringComparer.Ordinal).ToList();
        if (touched.Count == 0)
        {
            return;
        }

        // First contacts make their customer, unless the identity got one meanwhile. The look-up is a
        // sub-select per row, not NOT EXISTS: that the planner may turn into a join reading the
        // whole contacts table (it did, planned while the table was young: 1.5 ms a group).
        var fresh = touched.Where(t => t.Touch.NewCustomer).ToList();
        if (fresh.Count > 0)
        {
            batch.Add("""
                INSERT INTO customers ("Id","DisplayName","PictureUrl","Language","CreatedAtMs","UpdatedAtMs","OrderCount","LifetimeValueSatang","Recency","Frequency","Monetary","Segment")
                SELECT v.i, v.n, v.p, v.l, v.at, v.at, 0, 0, 0, 0, 0, 'prospect' FROM unnest(@gki,@gkn,@gkp,@gkl,@gka,@gkc,@gku) AS v(i,n,p,l,at,c,u)
                WHERE (SELECT "CustomerId" FROM contacts WHERE "Channel"=v.c AND "UserId"=v.u) IS NULL
                """)
                .With("@gki", fresh.Select(t => t.Touch.CustomerId).ToArray())
                .With("@gkn", fresh.Select(t => Sql.CutOrNull(t.Touch.Profile?.DisplayName, 200)).ToArray())
                .With("@gkp", fresh.Select(t => Sql.CutOrNull(t.Touch.Profile?.PictureUrl, 1000)).ToArray())
                .With("@gkl", fresh.Select(t => Sql.CutOrNull(t.Touch.Profile?.Language, 20)).ToArray())
                .With("@gka", fresh.Select(t => t.Now.ToUnixTimeMilliseconds()).ToArray())
                .With("@gkc", fresh.Select(t => t.Touch.Channel.Name()).ToArray())
                .With("@gku", fresh.Select(t => t.Touch.UserId).ToArray());
        }

        var profiled = touched.Where(t => !t.Touch.NewCustomer && t.Touch.Profile is not null).OrderBy(t => t.Touch.CustomerId, StringComparer.Ordinal).ToList();
        if (profiled.Count > 0)
        {
            batch.Add("""
                UPDATE customers c SET "DisplayName"=v.n, "PictureUrl"=v.p, "Language"=COALESCE(v.l,c."Language"), "UpdatedAtMs"=v.at
                FROM unnest(@gpi,@gpn,@gpp,@gpl,@gpa) AS v(i,n,p,l,at) WHERE c."Id"=ANY(@gpi) AND c."Id"=v.i
                """)
                .With("@gpi", profiled.Select(t => t.Touch.CustomerId).ToArray())
                .With("@gpn", profiled.Select(t => Sql.CutOrNull(t.Touch.Profile!.DisplayName, 200)).ToArray())
                .With("@gpp", profiled.Select(t => Sql.CutOrNull(t.Touch.Profile!.PictureUrl, 1000)).ToArray())
                .With("@gpl", profiled.Select(t => Sql.CutOrNull(t.Touch.Profile!.Language, 20)).ToArray())
                .With("@gpa", profiled.Select(t => t.Now.ToUnixTimeMilliseconds()).ToArray());
        }

        // A follow or unfollow sets whether they follow; other events leave it (two statements,
        // since the upsert's update cannot tell the rows apart otherwise).
        AddContactUpsert(batch, touched.Where(t => t.Touch.IsFollowing is null).ToList(), setsFollowing: false);
        AddContactUpsert(batch, touched.Where(t => t.Touch.IsFollowing is not null).ToList(), setsFollowing: true);
    }

    private static void AddContactUpsert(SqlBatch batch, List<(ContactTouch Touch, DateTimeOffset Now)> rows, bool setsFollowing)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var following = setsFollowing ? "excluded.\"IsFollowing\"" : "contacts.\"IsFollowing\"";
        var names = setsFollowing ? "@gf" : "@gc";
        batch.Add($"""
            INSERT INTO contacts ("Channel","UserId","DisplayName","Language","LastUserMessageAtMs","IsFollowing","HasProfile","FirstSeenAtMs","UpdatedAtMs","CustomerId")
            SELECT v.c, v.u, v.n, v.l, v.m, v.f, v.p, v.at, v.at, v.k FROM unnest({names}c,{names}u,{names}n,{names}l,{names}m,{names}f,{names}p,{names}a,{names}k) AS v(c,u,n,l,m,f,p,at,k)
            {SqlTurnStore.ContactMerge(following)}
            """)
            .With(names + "c", rows.Select(t => t.Touch.Channel.Name()).ToArray())
            .With(names + "u", rows.Select(t => t.Touch.UserId).ToArray())
            .With(names + "n", rows.Select(t => Sql.CutOrNull(t.Touch.Profile?.DisplayName, 200)).ToArray())
            .With(names + "l", rows.Select(t => Sql.CutOrNull(t.Touch.Profile?.Language, 20)).ToArray())
            .With(names + "m", rows.Select(t => Sql.Ms(t.Touch.LastUserMessageAt)).ToArray())
            .With(names + "f", rows.Select(t => t.Touch.IsFollowing ?? true).ToArray())
            .With(names + "p", rows.Select(t => t.Touch.Profile is not null).ToArray())
            .With(names + "a", rows.Select(t => t.Now.ToUnixTimeMilliseconds()).ToArray())
            .With(names + "k", rows.Select(t => t.Touch.CustomerId).ToArray());
    }

    private static void AddInteractions(SqlBatch batch, List<TurnEffects> effects)
    {
        var rows = effects.SelectMany(e => e.Interactions).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        // The customer as the contact row says after the upsert above (a turn may have linked the chat).
        batch.Add("""
            INSERT INTO touchpoints ("Conversation","Direction","Kind","Text","MessageId","AtMs","Detail","Unsent","CustomerId","Channel","UserId","Intent","IntentConfidence","Sentiment","SentimentScore","OrderNumber","Outcome")
            SELECT v.c, v.d, v.k, v.t, v.m, v.a, v.e, FALSE, COALESCE((SELECT "CustomerId" FROM contacts WHERE "Channel"=v.h AND "UserId"=v.s), v.u), v.h, v.s, v.i, v.ic, v.n, v.ns, v.o, v.r
            FROM unnest(@gtc,@gtd,@gtk,@gtt,@gtm,@gta,@gte,@gtu,@gth,@gts,@gti,@gtic,@gtn,@gtns,@gto,@gtr) AS v(c,d,k,t,m,a,e,u,h,s,i,ic,n,ns,o,r)
            """)
            .With("@gtc", rows.Select(x => x.Conversation.ToString()).ToArray())
            .With("@gtd", rows.Select(x => x.Direction.ToString()).ToArray())
            .With("@gtk", rows.Select(x => Sql.Cut(x.Kind, 64)).ToArray())
            .With("@gtt", rows.Select(x => Sql.CutOrNull(x.Text, 5000)).ToArray())
            .With("@gtm", rows.Select(x => x.MessageId).ToArray())
            .With("@gta", rows.Select(x => x.At.ToUnixTimeMilliseconds()).ToArray())
            .With("@gte", rows.Select(x => Sql.CutOrNull(x.Detail, 500)).ToArray())
            .With("@gtu", rows.Select(x => x.CustomerId).ToArray())
            .With("@gth", rows.Select(x => x.Conversation.ChannelName).ToArray())
            .With("@gts", rows.Select(x => x.UserId).ToArray())
            .With("@gti", rows.Select(x => Sql.CutOrNull(x.Intent, 64)).ToArray())
            .With("@gtic", rows.Select(x => x.IntentConfidence is { } ic ? (double?)ic : null).ToArray())
            .With("@gtn", rows.Select(x => x.Sentiment).ToArray())
            .With("@gtns", rows.Select(x => x.SentimentScore is { } ns ? (double?)ns : null).ToArray())
            .With("@gto", rows.Select(x => x.OrderNumber).ToArray())
            .With("@gtr", rows.Select(x => x.Outcome).ToArray());
    }

    /// <summary>
    /// Each chain's basket as its last change left it. A basket emptied and filled again within the
    /// chain is deleted first, as turn by turn, so its row starts again without a reminder.
    /// </summary>
    private static void AddBaskets(SqlBatch batch, IReadOnlyList<GroupedTurn> turns)
    {
        var deleted = new List<string>();
        var kept = new List<BasketChange>();
        foreach (var turn in turns)
        {
            var changes = turn.Chain.Select(e => e.Basket).OfType<BasketChange>().ToList();
            if (changes.Count == 0)
            {
                continue;
            }

            var last = changes[^1];
            if (changes.Any(c => c.Emptied))
            {
                deleted.Add(last.Conversation);
            }

            if (!last.Emptied)
            {
                kept.Add(last);
            }
        }

        if (deleted.Count > 0)
        {
            batch.Add("DELETE FROM basket_activity b USING unnest(@gbd) AS v(c) WHERE b.\"Conversation\"=v.c").With("@gbd", deleted.ToArray());
        }

        if (kept.Count > 0)
        {
            batch.Add("""
                INSERT INTO basket_activity ("Conversation","CustomerId","Locale","ContentKey","Items","UpdatedAtMs")
                SELECT v.c, v.u, v.l, v.k, v.i, v.a FROM unnest(@gbc,@gbu,@gbl,@gbk,@gbi,@gba) AS v(c,u,l,k,i,a)
                """ + "\n" + SqlTurnStore.BasketMerge)
                .With("@gbc", kept.Select(b => b.Conversation).ToArray())
                .With("@gbu", kept.Select(b => b.CustomerId).ToArray())
                .With("@gbl", kept.Select(b => b.Locale).ToArray())
                .With("@gbk", kept.Select(b => b.ContentKey).ToArray())
                .With("@gbi", kept.Select(b => b.Items).ToArray())
                .With("@gba", kept.Select(b => b.AtMs).ToArray());
        }
    }

    /// <summary>
    /// Measured baskets started: a chain's first (it holds the chain's later ones back, as turn by
    /// turn), unless its conversation has one open already.
    /// </summary>
    private static void AddNudges(SqlBatch batch, IReadOnlyList<GroupedTurn> turns)
    {
        var started = turns.Select(t => t.Chain.Select(e => e.Nudge).OfType<NudgeRecord>().FirstOrDefault()).OfType<NudgeRecord>().ToList();
        if (started.Count == 0)
        {
            return;
        }

        batch.Add("""
            INSERT INTO nudges ("Conversation","CustomerId","PromotionId","Holdout","BasketSatang","MissingSatang","AtMs")
            SELECT v.c, v.u, v.p, v.h, v.b, v.m, v.a FROM unnest(@guc,@guu,@gup,@guh,@gub,@gum,@gua,@gus) AS v(c,u,p,h,b,m,a,s)
            WHERE (SELECT 1 FROM nudges n WHERE n."Conversation"=v.c AND n."OrderNumber" IS NULL AND n."AtMs">=v.s LIMIT 1) IS NULL
            """)
            .With("@guc", started.Select(n => n.Conversation).ToArray())
            .With("@guu", started.Select(n => n.CustomerId).ToArray())
            .With("@gup", started.Select(n => n.PromotionId).ToArray())
            .With("@guh", started.Select(n => n.Holdout).ToArray())
            .With("@gub", started.Select(n => n.BasketSatang).ToArray())
            .With("@gum", started.Select(n => n.MissingSatang).ToArray())
            .With("@gua", started.Select(n => n.AtMs).ToArray())
            .With("@gus", started.Select(SqlTurnStore.NudgeOpenSince).ToArray());
    }

    private static SqlBatch.Statement? AddOutbox(SqlBatch batch, List<TurnEffects> effects, DateTimeOffset now, DateTimeOffset leaseUntil, string leaseOwner)
    {
        var entries = effects.SelectMany(e => e.Outbox).ToList();
        if (entries.Count == 0)
        {
            return null;
        }

        return batch.Add("""
            INSERT INTO outbox ("Conversation","Kind","Status","Messages","IdempotencySeed","ReplyToken","ReplyTokenAtMs","EventAtMs","LastUserMessageAtMs","InResponse","CreatedAtMs","ExpiresAtMs","NextAttemptAtMs","LeaseUntilMs","LeaseOwner","Attempts","Progress","MayHaveBeenSent")
            SELECT v.c, v.k, 'Pending', v.m, v.s, v.t, v.ta, v.ea, v.lu, v.r, @gonow, v.x, @gonow, @golease, @goowner, 0, 0, FALSE
            FROM unnest(@goc,@gok,@gom,@gos,@got,@gota,@goea,@golu,@gor,@gox) WITH ORDINALITY AS v(c,k,m,s,t,ta,ea,lu,r,x,n) ORDER BY v.n
            RETURNING "Id"
            """, returnsRows: true)
            .With("@gonow", now.ToUnixTimeMilliseconds()).With("@golease", leaseUntil.ToUnixTimeMilliseconds()).With("@goowner", leaseOwner)
            .With("@goc", entries.Select(e => e.Conversation.ToString()).ToArray())
            .With("@gok", entries.Select(e => e.Kind.ToString()).ToArray())
            .With("@gom", entries.Select(e => JsonSerializer.Serialize(e.Messages.ToList(), DomainJson.Stored.ListOutboundMessage)).ToArray())
            .With("@gos", entries.Select(e => Sql.Cut(e.IdempotencySeed, 300)).ToArray())
            .With("@got", entries.Select(e => e.ReplyToken).ToArray())
            .With("@gota", entries.Select(e => Sql.Ms(e.ReplyTokenReceivedAt)).ToArray())
            .With("@goea", entries.Select(e => Sql.Ms(e.EventTimestamp)).ToArray())
            .With("@golu", entries.Select(e => Sql.Ms(e.LastUserMessageAt)).ToArray())
            .With("@gor", entries.Select(e => e.InResponse).ToArray())
            .With("@gox", entries.Select(e => e.ExpiresAt.ToUnixTimeMilliseconds()).ToArray());
    }
}
