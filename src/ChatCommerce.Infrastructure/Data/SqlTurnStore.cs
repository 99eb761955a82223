using System.Globalization;
using System.Text;
using System.Text.Json;
using ChatCommerce.Conversations.Contacts;
using ChatCommerce.Conversations.Inbox;
using ChatCommerce.Conversations.Outbox;
using ChatCommerce.Conversations.State;
using ChatCommerce.Conversations.Turns;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Promotions;
using ChatCommerce.Domain.Serialization;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>
/// The turn store on the relational database. A turn's effects are written by one batch of
/// statements inside one transaction, which domain writes of the dialog (orders, hand-offs) joined
/// when they happened: the state's compare-and-set on its version and the inbox row's move out of
/// Pending decide whether it commits; when either finds the row changed, everything rolls back.
/// A turn without domain writes (most of them) commits in a <see cref="TurnCommitGroup"/> with the
/// turns that finish at the same time: all in one batch when none of them conflicts (on PostgreSQL
/// one statement a table for the whole group, see <see cref="GroupStatements"/>), else each
/// behind a savepoint of its own.
/// </summary>
public sealed class SqlTurnStore(ChatCommerceDbContext db, DbWrites writes, TurnCommitGroup group, TurnLoadGroup loads, InstanceIdentity instance, IOptions<OutboxOptions> outbox, PipelineMetrics metrics, TimeProvider time) : ITurnStore
{
    public async Task<ConversationSnapshot> LoadAsync(ConversationKey conversation, int maxEvents, CancellationToken cancellationToken)
    {
        var snapshot = loads.Enabled && !writes.IsSqlite
            ? await loads.LoadAsync(conversation, maxEvents, cancellationToken)
            : await LoadOneAsync(conversation, maxEvents, cancellationToken);

        // In a group or room the senders are not the chat: read them too. The chat's own user was
        // looked for with the rest; a first contact has no row yet, and asking again would find none.
        var others = snapshot.Pending.Select(p => p.Event.SenderId).OfType<string>()
            .Where(id => id != conversation.ChatId && !snapshot.Contacts.ContainsKey(id)).Distinct().ToList();
        if (others.Count == 0)
        {
            return snapshot;
        }

        var contacts = new Dictionary<string, ContactInfo>(snapshot.Contacts, StringComparer.Ordinal);
        await using var read = await writes.ReadAsync(cancellationToken);
        var names = string.Join(",", others.Select((_, i) => "@u" + i.ToString(CultureInfo.InvariantCulture)));
        var more = read.Command(ContactQuery + $" AND k.\"UserId\" IN ({names})").With("@ch", conversation.ChannelName);
        for (var i = 0; i < others.Count; i++)
        {
            more.With("@u" + i.ToString(CultureInfo.InvariantCulture), others[i]);
        }

        await using var reader = await more.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var contact = ReadContact(reader, conversation.Channel);
            contacts[contact.UserId] = contact;
        }

        return snapshot with { Contacts = contacts };
    }

    /// <summary>One drain's state, pending events (oldest first) and chat user's contact, in one command.</summary>
    private async Task<ConversationSnapshot> LoadOneAsync(ConversationKey conversation, int maxEvents, CancellationToken cancellationToken)
    {
        await using var read = await writes.ReadAsync(cancellationToken);
        var command = read.Command(
            "SELECT \"Data\",\"Version\",\"ExpiresAtMs\" FROM conversation_states WHERE \"Key\"=@k;"
            + StatusQueries.PendingOfConversation(writes.IsSqlite) + ";"
            + ContactQuery + " AND k.\"UserId\"=@u")
            .With("@k", ConversationStateRepository.Key(conversation)).With("@c", conversation.ToString()).With("@n", maxEvents)
            .With("@ch", conversation.ChannelName).With("@u", conversation.ChatId);
        StoredState state;
        var pending = new List<InboxItem>();
        var contacts = new Dictionary<string, ContactInfo>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        state = await reader.ReadAsync(cancellationToken) ? Stored(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)) : new StoredState(null, 0);
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            pending.Add(ReadPending(reader, 0));
        }

        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var contact = ReadContact(reader, conversation.Channel);
            contacts[contact.UserId] = contact;
        }

        return new ConversationSnapshot(state, pending, contacts);
    }

    /// <summary>
    /// The reads of many drains as one command of three statements (PostgreSQL): the states by
    /// key, each conversation's pending events (its own limit, oldest first) and each chat user's
    /// contact, the rows of the last two tagged with their drain's place in the group.
    /// </summary>
    public async Task LoadGroupAsync(IReadOnlyList<GroupedLoad> group, CancellationToken cancellationToken)
    {
        var states = new Dictionary<string, StoredState>(StringComparer.Ordinal);
        var pending = group.Select(_ => new List<InboxItem>()).ToArray();
        var contacts = group.Select(_ => new Dictionary<string, ContactInfo>(StringComparer.Ordinal)).ToArray();
        var keys = group.Select(l => ConversationStateRepository.Key(l.Conversation)).ToArray();
        await using (var use = await db.UseConnectionAsync(cancellationToken))
        {
            await using var command = use.Connection.Command(null, GroupLoad)
                .With("@keys", keys)
                .With("@convs", group.Select(l => l.Conversation.ToString()).ToArray())
                .With("@lims", group.Select(l => l.MaxEvents).ToArray())
                .With("@chs", group.Select(l => l.Conversation.ChannelName).ToArray())
                .With("@users", group.Select(l => l.Conversation.ChatId).ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.NextResultAsync(cancellationToken); // past the settings' row
            while (await reader.ReadAsync(cancellationToken))
            {
                states[reader.GetString(0)] = Stored(reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3));
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                pending[reader.GetInt64(0) - 1].Add(ReadPending(reader, 1));
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var at = (int)reader.GetInt64(0) - 1;
                var contact = ReadContact(reader, group[at].Conversation.Channel, 1);
                contacts[at][contact.UserId] = contact;
            }
        }

        for (var i = 0; i < group.Count; i++)
        {
            var state = states.GetValueOrDefault(keys[i]) ?? new StoredState(null, 0);
            group[i].Complete(new ConversationSnapshot(state, pending[i], contacts[i]));
        }
    }

    private static InboxItem ReadPending(System.Data.Common.DbDataReader reader, int first) => new(
        reader.GetInt64(first),
        JsonSerializer.Deserialize(reader.GetString(first + 1), DomainJson.Default.InboundEvent)!,
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(first + 2)),
        reader.GetInt32(first + 3),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(first + 4)));

    public async Task<StoredState> LoadStateAsync(ConversationKey conversation, CancellationToken cancellationToken)
    {
        await using var use = await db.UseConnectionAsync(cancellationToken);
        var connection = use.Connection;
        await using var command = connection.Command(db.Database.CurrentTransaction, "SELECT \"Data\",\"Version\",\"ExpiresAtMs\" FROM conversation_states WHERE \"Key\"=@k").With("@k", ConversationStateRepository.Key(conversation));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Stored(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)) : new StoredState(null, 0);
    }

    public ITurnTransaction Begin(Func<CancellationToken, Task>? beforeFirstWrite = null)
    {
        writes.BeginTurn(beforeFirstWrite);
        return new Turn(this);
    }

    public Task<IReadOnlyList<TurnCommit>> CommitChainAsync(IReadOnlyList<TurnEffects> turns, CancellationToken cancellationToken) =>
        // Always in a commit group's own scope, never in this one's: the chain may settle while a
        // turn of this scope is open (at its first domain write), and must not join its transaction.
        group.CommitAsync(turns);

    public async Task<bool> RecordFailureAsync(long inboxId, string error, int maxAttempts, DateTimeOffset retryAt, CancellationToken cancellationToken)
    {
        await using var write = await writes.WriteAsync(urgent: false, alone: true, cancellationToken);
        var command = write.Command(
            "UPDATE inbox SET \"Attempts\"=\"Attempts\"+1, \"NextAttemptAtMs\"=@at, \"Note\"=@note,"
            + " \"Status\"=CASE WHEN \"Attempts\"+1>=@max THEN 'DeadLettered' ELSE 'Pending' END"
            + " WHERE \"Id\"=@id AND \"Status\"='Pending' RETURNING \"Status\"")
            .With("@at", retryAt.ToUnixTimeMilliseconds()).With("@note", Sql.Cut(error, 500)).With("@max", maxAttempts).With("@id", inboxId);
        var status = (string?)await command.ExecuteScalarAsync(cancellationToken);
        await write.CommitAsync(cancellationToken);
        return status == nameof(InboxStatus.DeadLettered);
    }

    private async Task<TurnCommit> CommitAsync(TurnEffects effects, CancellationToken cancellationToken)
    {
        var claims = writes.Claims;
        if (group.Enabled && !writes.TurnTransactionOpen && claims.Count == 0)
        {
            // Nothing of this turn is in a transaction yet: it commits with the others queued now.
            return (await group.CommitAsync([effects]))[0];
        }

        if (TaskScheduler.Current != TaskScheduler.Default)
        {
            // Off the turn threads for the rest: from the claims to the commit this transaction
            // holds rows other turns wait for (every shopper buying the same product), and a
            // continuation queued there waits behind every other turn's work at the turns' lower
            // priority, with those rows held. A pool thread goes on as soon as each answer comes.
            return await Task.Run(() => CommitHereAsync(effects, claims, cancellationToken), CancellationToken.None);
        }

        return await CommitHereAsync(effects, claims, cancellationToken);
    }

    private async Task<TurnCommit> CommitHereAsync(TurnEffects effects, IReadOnlyList<CommitClaim> claims, CancellationToken cancellationToken)
    {
        await using var use = await db.UseConnectionAsync(cancellationToken);
        var connection = use.Connection;
        var transaction = await writes.TurnTransactionAsync(cancellationToken);
        var batch = new SqlBatch(connection, transaction.DbTransaction);
        var turn = await AddTurnAsync(batch, connection, transaction.DbTransaction, effects, time.GetUtcNow(), cancellationToken);
        // Last, so that the rows they lock are held only from here to the commit.
        var claimed = new List<SqlBatch.Statement>(claims.Count);
        foreach (var claim in claims)
        {
            var statement = batch.Add(claim.Sql);
            statement.Parameters.AddRange(claim.Parameters);
            claimed.Add(statement);
        }

        await batch.ExecuteAsync(cancellationToken);
        if (turn.Conflicted || claimed.Any(c => c.RecordsAffected < 1))
        {
            // Another writer moved the state on, or handled the event, or took what the turn
            // claimed (the last of a product's stock): nothing of this run stands, and the run
            // again sees why.
            await writes.EndTurnAsync();
            return new TurnCommit.Conflict();
        }

        await transaction.CommitAsync(cancellationToken);
        // Each told once (an order's products all tell the catalog the same thing).
        foreach (var told in claims.Select(c => c.Committed).OfType<Action>().Distinct())
        {
            told();
        }

        return turn.Committed(effects);
    }

    /// <summary>
    /// Commits turns queued by the <see cref="TurnCommitGroup"/> in one transaction, each with its
    /// own outcome: a turn (or a chain of one conversation's turns, which stand or fall together)
    /// that finds the state or its event moved on (or whose statements fail) is rolled back alone
    /// while the others stand. Each learns its outcome only once the whole transaction has committed.
    /// </summary>
    public async Task CommitGroupAsync(IReadOnlyList<GroupedTurn> turns, CancellationToken cancellationToken)
    {
        // An unsent message's removal reads what earlier turns of the group may have written:
        // such a group (rare) goes turn by turn from the start.
        var readsFirst = false;
        foreach (var turn in turns)
        {
            foreach (var effects in turn.Chain)
            {
                readsFirst |= effects.ForgetMessageId is not null;
            }
        }

        if (!readsFirst && await CommitAllAtOnceAsync(turns, cancellationToken))
        {
            return;
        }

        await CommitTurnByTurnAsync(turns, cancellationToken);
    }

    /// <summary>
    /// The usual group, where no turn conflicts or fails: every turn's statements in one batch (on
    /// PostgreSQL one round trip for the whole group) and no savepoints. When one turn of several
    /// conflicts or fails, nothing is kept and false comes back: the group is then written turn by
    /// turn, so that turn alone falls. A group of one learns its outcome here either way.
    /// </summary>
    private async Task<bool> CommitAllAtOnceAsync(IReadOnlyList<GroupedTurn> turns, CancellationToken cancellationToken)
    {
        var statements = new TurnStatements[turns.Count][];
        GroupStatements? grouped = null;
        var conflicted = false;
        var committed = false;
        try
        {
            await using var write = await writes.WriteAsync(urgent: false, alone: false, cancellationToken);
            try
            {
                var batch = write.Batch();
                var now = time.GetUtcNow();
                if (!writes.IsSqlite && GroupStatements.Contacts(turns) is { } contacts)
                {
                    // PostgreSQL: one statement a table for the whole group (SQLite has no arrays
                    // to unnest, and no round trip or planning to save: it reuses its commands).
                    KeyPlans.Add(batch);
                    grouped = GroupStatements.Add(batch, turns, contacts, now, now + outbox.Value.Lease, instance.Id);
                }
                else
                {
                    for (var i = 0; i < turns.Count; i++)
                    {
                        // A chain's turns one after another: each expects the version the one before leaves.
                        var chain = turns[i].Chain;
                        statements[i] = new TurnStatements[chain.Count];
                        for (var k = 0; k < chain.Count; k++)
                        {
                            statements[i][k] = await AddTurnAsync(batch, write.Connection, write.Transaction, chain[k], now, cancellationToken);
                        }
                    }
                }

                await batch.ExecuteAsync(cancellationToken);
            }
            catch (Exception) when (turns.Count > 1 && !cancellationToken.IsCancellationRequested)
            {
                // Which turn's statements failed is found turn by turn (the transaction rolls back).
                metrics.CommitGroupSplit();
                return false;
            }

            if (grouped is not null)
            {
                conflicted = grouped.Conflicted;
            }
            else
            {
                foreach (var chain in statements)
                {
                    foreach (var turn in chain)
                    {
                        conflicted |= turn.Conflicted;
                    }
                }
            }

            if (conflicted)
            {
                if (turns.Count > 1)
                {
                    metrics.CommitGroupSplit();
                    return false;
                }
            }
            else
            {
                await write.CommitAsync(cancellationToken);
                committed = true;
            }
        }
        catch (Exception ex)
        {
            if (!committed && !conflicted)
            {
                // Nothing committed: no turn of the group stands.
                foreach (var turn in turns)
                {
                    turn.Fail(ex);
                }

                return true;
            }

            // Committed (or a lone turn's conflict rolled back); only giving the connection back failed.
        }

        if (conflicted)
        {
            turns[0].CompleteAll(new TurnCommit.Conflict());
            return true;
        }

        var outcomes = grouped?.Committed();
        for (var i = 0; i < turns.Count; i++)
        {
            turns[i].Complete(outcomes?[i] ?? Committed(statements[i], turns[i].Chain));
        }

        return true;
    }

    /// <summary>
    /// The group again, each turn (or chain) behind a savepoint: one that conflicts or fails is
    /// rolled back to it alone. A chain's turns run one after another, each its own round trip.
    /// </summary>
    private async Task CommitTurnByTurnAsync(IReadOnlyList<GroupedTurn> turns, CancellationToken cancellationToken)
    {
        var outcomes = new IReadOnlyList<TurnCommit>?[turns.Count];
        var failures = new Exception?[turns.Count];
        var committed = false;
        try
        {
            await using var write = await writes.WriteAsync(urgent: false, alone: false, cancellationToken);
            var now = time.GetUtcNow();
            var open = false;
            for (var i = 0; i < turns.Count; i++)
            {
                var chain = turns[i].Chain;
                var batch = write.Batch();
                if (open)
                {
                    batch.Add("RELEASE SAVEPOINT turn");
                }

                batch.Add("SAVEPOINT turn");
                var done = new TurnStatements[chain.Count];
                var started = false;
                var conflicted = false;
                for (var k = 0; k < chain.Count && !conflicted && failures[i] is null; k++)
                {
                    try
                    {
                        done[k] = await AddTurnAsync(batch, write.Connection, write.Transaction, chain[k], now, cancellationToken);
                    }
                    catch (Exception ex)
                    {
                        // None of this turn's writes ran (before the chain's first, the previous
                        // turn's savepoint is still the open one).
                        failures[i] = ex;
                        break;
                    }

                    started = open = true;
                    try
                    {
                        await batch.ExecuteAsync(cancellationToken);
                        conflicted = done[k].Conflicted;
                        batch = write.Batch();
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // This turn alone fails (its drain counts an attempt); a poison turn cannot
                        // take the turns grouped with it down, attempt after attempt.
                        failures[i] = ex;
                    }
                }

                if (!conflicted && failures[i] is null)
                {
                    outcomes[i] = Committed(done, chain);
                    continue;
                }

                if (conflicted)
                {
                    outcomes[i] = GroupedTurn.Each(new TurnCommit.Conflict(), chain.Count);
                }

                if (!started)
                {
                    continue;
                }

                var undo = write.Batch();
                undo.Add("ROLLBACK TO SAVEPOINT turn");
                undo.Add("RELEASE SAVEPOINT turn");
                await undo.ExecuteAsync(cancellationToken);
                open = false;
            }

            await write.CommitAsync(cancellationToken);
            committed = true;
        }
        catch (Exception ex)
        {
            if (!committed)
            {
                // The transaction did not commit: no turn of the group stands.
                foreach (var turn in turns)
                {
                    turn.Fail(ex);
                }

                return;
            }

            // Committed; only giving the connection back failed. The outcomes stand.
        }

        for (var i = 0; i < turns.Count; i++)
        {
            if (failures[i] is { } failure)
            {
                turns[i].Fail(failure);
            }
            else
            {
                turns[i].Complete(outcomes[i]!);
            }
        }
    }

    private static TurnCommit[] Committed(TurnStatements[] statements, IReadOnlyList<TurnEffects> chain)
    {
        var commits = new TurnCommit[chain.Count];
        for (var k = 0; k < chain.Count; k++)
        {
            commits[k] = statements[k].Committed(chain[k]);
        }

        return commits;
    }

    /// <summary>
    /// The turn's own statements: state (version-checked), inbox completion, contact, an unsent
    /// message's text removed (read first, inside the transaction), interactions, the basket's
    /// reminder row, a measured basket started, outgoing messages.
    /// </summary>
    private async Task<TurnStatements> AddTurnAsync(SqlBatch batch, System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction, TurnEffects effects, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = ConversationStateRepository.Key(effects.Conversation);
        var expires = effects.StateExpiresAt.ToUnixTimeMilliseconds();
        var state = effects.ExpectedVersion > 0
            ? batch.Add("UPDATE conversation_states SET \"Data\"=@sd, \"Version\"=\"Version\"+1, \"ExpiresAtMs\"=@sx WHERE \"Key\"=@sk AND \"Version\"=@sv")
                .With("@sd", effects.StateData).With("@sx", expires).With("@sk", key).With("@sv", effects.ExpectedVersion)
            : batch.Add("INSERT INTO conversation_states (\"Key\",\"Data\",\"Version\",\"ExpiresAtMs\") VALUES (@sk,@sd,1,@sx) ON CONFLICT (\"Key\") DO NOTHING")
                .With("@sk", key).With("@sd", effects.StateData).With("@sx", expires);
        var inbox = batch.Add("UPDATE inbox SET \"Status\"=@is, \"Note\"=@in WHERE \"Id\"=@ii AND \"Status\"='Pending'")
            .With("@is", effects.Status.ToString()).With("@in", Sql.CutOrNull(effects.Note, 500)).With("@ii", effects.InboxId);
        if (effects.Contact is { } contact)
        {
            AddContactUpsert(batch, contact, effects.Now);
        }

        if (effects.ForgetMessageId is { } forgotten)
        {
            batch.Add("UPDATE touchpoints SET \"Text\"=NULL, \"Unsent\"=TRUE WHERE \"Conversation\"=@fc AND \"MessageId\"=@fm")
                .With("@fc", effects.Conversation.ToString()).With("@fm", forgotten);
            await ForgetInInboxAsync(connection, transaction, batch, effects.Conversation, forgotten, cancellationToken);
        }

        if (effects.Interactions.Count > 0)
        {
            AddInteractions(batch, effects.Interactions);
        }

        if (effects.Basket is { } basket)
        {
            AddBasket(batch, basket);
        }

        if (effects.Nudge is { } nudge)
        {
            batch.Add(NudgeStart)
                .With("@nc", nudge.Conversation).With("@nu", nudge.CustomerId).With("@np", nudge.PromotionId).With("@nh", nudge.Holdout)
                .With("@nb", nudge.BasketSatang).With("@nm", nudge.MissingSatang).With("@na", nudge.AtMs).With("@ns", NudgeOpenSince(nudge));
        }

        var insert = effects.Outbox.Count > 0 ? OutboxRows.AddInsert(batch, effects.Outbox, now, now + outbox.Value.Lease, instance.Id) : null;
        return new TurnStatements(state, inbox, insert);
    }

    private readonly record struct TurnStatements(SqlBatch.Statement State, SqlBatch.Statement Inbox, SqlBatch.Statement? Insert)
    {
        /// <summary>The state was moved on by another writer, or the event handled already.</summary>
        public bool Conflicted => State.RecordsAffected != 1 || Inbox.RecordsAffected != 1;

        public TurnCommit Committed(TurnEffects effects) =>
            new TurnCommit.Committed(effects.ExpectedVersion + 1, Insert is null ? [] : OutboxRows.Inserted(Insert, effects.Outbox));
    }

    /// <summary>
    /// An unsent message leaves no text behind: its stored event keeps only what it was (kind,
    /// time, ids), and a staff hand-off or a complaint case that quoted it quotes nothing. Rare, so
    /// read then rewritten.
    /// </summary>
    private static async Task ForgetInInboxAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction, SqlBatch batch, ConversationKey conversation, string messageId, CancellationToken cancellationToken)
    {
        var found = new List<(long Id, InboundEvent Event)>();
        await using (var command = connection.NewCommand())
        {
            command.CommandText = "SELECT \"Id\",\"Payload\" FROM inbox WHERE \"Conversation\"=@c AND \"Payload\" LIKE @m";
            command.Transaction = transaction;
            command.With("@c", conversation.ToString()).With("@m", "%" + messageId.Replace("%", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal) + "%");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (JsonSerializer.Deserialize(reader.GetString(1), DomainJson.Default.InboundEvent) is { } stored && stored.MessageId == messageId)
                {
                    found.Add((reader.GetInt64(0), stored));
                }
            }
        }

        foreach (var (id, stored) in found)
        {
            var kept = stored with { Text = null, Payload = null, PostbackParams = null, Location = null, MediaUrl = null, RawJson = "{\"unsent\":true}" };
            batch.Add("UPDATE inbox SET \"Payload\"=@up WHERE \"Id\"=@ui").With("@up", JsonSerializer.Serialize(kept, DomainJson.Stored.InboundEvent)).With("@ui", id);
            if (stored.Text is { Length: > 0 } text)
            {
                batch.Add("UPDATE handoffs SET \"LastText\"=NULL WHERE \"Conversation\"=@hc AND \"LastText\"=@ht").With("@hc", conversation.ToString()).With("@ht", Sql.CutOrNull(text, 500));
                batch.Add("UPDATE cases SET \"Text\"='' WHERE \"Conversation\"=@kc AND \"OpenedByEvent\"=@ke").With("@kc", conversation.ToString()).With("@ke", stored.EventId);
            }
        }
    }

    private static void AddContactUpsert(SqlBatch batch, ContactTouch contact, DateTimeOffset now)
    {
        var profile = contact.Profile;
        if (contact.NewCustomer)
        {
            // First contact (or one from before customers): the customer comes with it, unless the
            // identity got one meanwhile (a group and a one-to-one chat of the same person).
            batch.Add("""
                INSERT INTO customers ("Id","DisplayName","PictureUrl","Language","CreatedAtMs","UpdatedAtMs","OrderCount","LifetimeValueSatang","Recency","Frequency","Monetary","Segment")
                SELECT @ki,@cn,@kp,@cl,@cnow,@cnow,0,0,0,0,0,'prospect'
                WHERE NOT EXISTS (SELECT 1 FROM contacts WHERE "Channel"=@cc AND "UserId"=@cu AND "CustomerId" IS NOT NULL)
                """).With("@ki", contact.CustomerId).With("@cn", Sql.CutOrNull(profile?.DisplayName, 200)).With("@kp", Sql.CutOrNull(profile?.PictureUrl, 1000))
                .With("@cl", Sql.CutOrNull(profile?.Language, 20)).With("@cnow", now.ToUnixTimeMilliseconds()).With("@cc", contact.Channel.Name()).With("@cu", contact.UserId);
        }
        else if (profile is not null)
        {
            batch.Add("""UPDATE customers SET "DisplayName"=@cn, "PictureUrl"=@kp, "Language"=COALESCE(@cl,"Language"), "UpdatedAtMs"=@cnow WHERE "Id"=@ki""")
                .With("@cn", Sql.CutOrNull(profile.DisplayName, 200)).With("@kp", Sql.CutOrNull(profile.PictureUrl, 1000)).With("@cl", Sql.CutOrNull(profile.Language, 20))
                .With("@cnow", now.ToUnixTimeMilliseconds()).With("@ki", contact.CustomerId);
        }

        batch.Add(ContactUpsert)
            .With("@cc", contact.Channel.Name()).With("@cu", contact.UserId)
            .With("@cn", Sql.CutOrNull(profile?.DisplayName, 200)).With("@cl", Sql.CutOrNull(profile?.Language, 20))
            .With("@kp", Sql.CutOrNull(profile?.PictureUrl, 1000)).With("@ki", contact.CustomerId)
            .With("@cm", Sql.Ms(contact.LastUserMessageAt)).With("@cf", contact.IsFollowing ?? true).With("@cfs", contact.IsFollowing is not null)
            .With("@cp", profile is not null).With("@cnow", now.ToUnixTimeMilliseconds());
    }

    /// <summary>
    /// How an upserted contact merges into the row there: a profile fetched replaces name and
    /// language, the last time they wrote only moves forward, a customer once linked stays.
    /// <paramref name="following"/> says what becomes of whether they follow.
    /// </summary>
    internal static string ContactMerge(string following) => $"""
        ON CONFLICT ("Channel","UserId") DO UPDATE SET
          "DisplayName" = CASE WHEN excluded."HasProfile" THEN excluded."DisplayName" ELSE contacts."DisplayName" END,
          "Language" = CASE WHEN excluded."HasProfile" THEN excluded."Language" ELSE contacts."Language" END,
          "HasProfile" = contacts."HasProfile" OR excluded."HasProfile",
          "LastUserMessageAtMs" = CASE WHEN excluded."LastUserMessageAtMs" IS NULL THEN contacts."LastUserMessageAtMs"
            WHEN contacts."LastUserMessageAtMs" IS NULL OR excluded."LastUserMessageAtMs" > contacts."LastUserMessageAtMs" THEN excluded."LastUserMessageAtMs"
            ELSE contacts."LastUserMessageAtMs" END,
          "IsFollowing" = {following},
          "CustomerId" = COALESCE(contacts."CustomerId", excluded."CustomerId"),
          "UpdatedAtMs" = excluded."UpdatedAtMs"
        """;

    private static readonly string ContactUpsert = """
        INSERT INTO contacts ("Channel","UserId","DisplayName","Language","LastUserMessageAtMs","IsFollowing","HasProfile","FirstSeenAtMs","UpdatedAtMs","CustomerId")
        VALUES (@cc,@cu,@cn,@cl,@cm,@cf,@cp,@cnow,@cnow,@ki)
        """ + "\n" + ContactMerge("CASE WHEN @cfs THEN excluded.\"IsFollowing\" ELSE contacts.\"IsFollowing\" END");

    /// <summary>A changed basket's reminder row: forgotten when empty, else kept with its reminder state.</summary>
    private static void AddBasket(SqlBatch batch, BasketChange basket)
    {
        if (basket.Emptied)
        {
            batch.Add("DELETE FROM basket_activity WHERE \"Conversation\"=@bc").With("@bc", basket.Conversation);
            return;
        }

        batch.Add("""
            INSERT INTO basket_activity ("Conversation","CustomerId","Locale","ContentKey","Items","UpdatedAtMs") VALUES (@bc,@bu,@bl,@bk,@bi,@ba)
            """ + "\n" + BasketMerge)
            .With("@bc", basket.Conversation).With("@bu", basket.CustomerId).With("@bl", basket.Locale).With("@bk", basket.ContentKey)
            .With("@bi", basket.Items).With("@ba", basket.AtMs);
    }

    /// <summary>How a changed basket merges into its row: the reminder sent for some content stays, so the same basket is reminded of once.</summary>
    internal const string BasketMerge = """
        ON CONFLICT ("Conversation") DO UPDATE SET "CustomerId"=excluded."CustomerId", "Locale"=excluded."Locale",
          "ContentKey"=excluded."ContentKey", "Items"=excluded."Items", "UpdatedAtMs"=excluded."UpdatedAtMs"
        """;

    /// <summary>
    /// A measured basket starts unless the conversation has one open (no order yet, within the
    /// experiment's window). The look-up is a sub-select, not NOT EXISTS (see GroupStatements' contacts).
    /// </summary>
    private const string NudgeStart = """
        INSERT INTO nudges ("Conversation","CustomerId","PromotionId","Holdout","BasketSatang","MissingSatang","AtMs")
        SELECT @nc,@nu,@np,@nh,@nb,@nm,@na
        WHERE (SELECT 1 FROM nudges WHERE "Conversation"=@nc AND "OrderNumber" IS NULL AND "AtMs">=@ns LIMIT 1) IS NULL
        """;

    /// <summary>An open measured basket of the conversation started at or after this time holds a new one back.</summary>
    internal static long NudgeOpenSince(NudgeRecord nudge) => nudge.AtMs - (long)NudgeMeasurement.Window.TotalMilliseconds;

    private static void AddInteractions(SqlBatch batch, IReadOnlyList<Interaction> interactions)
    {
        var sql = new StringBuilder("INSERT INTO touchpoints (\"Conversation\",\"Direction\",\"Kind\",\"Text\",\"MessageId\",\"AtMs\",\"Detail\",\"Unsent\",\"CustomerId\",\"Channel\",\"UserId\",\"Intent\",\"IntentConfidence\",\"Sentiment\",\"SentimentScore\",\"OrderNumber\",\"Outcome\") VALUES ");
        var parameters = new List<(string, object?)>();
        for (var i = 0; i < interactions.Count; i++)
        {
            var x = interactions[i];
            var p = "@x" + i.ToString(CultureInfo.InvariantCulture) + "_";
            // The customer as the contact row says after this batch's upsert: right even when the
            // turn itself linked the chat to another customer.
            sql.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture,
                $"({p}c,{p}d,{p}k,{p}t,{p}m,{p}a,{p}e,FALSE,COALESCE((SELECT \"CustomerId\" FROM contacts WHERE \"Channel\"={p}h AND \"UserId\"={p}s),{p}u),{p}h,{p}s,{p}i,{p}ic,{p}n,{p}ns,{p}o,{p}r)");
            parameters.Add((p + "c", x.Conversation.ToString()));
            parameters.Add((p + "d", x.Direction.ToString()));
            parameters.Add((p + "k", Sql.Cut(x.Kind, 64)));
            parameters.Add((p + "t", Sql.CutOrNull(x.Text, 5000)));
            parameters.Add((p + "m", x.MessageId));
            parameters.Add((p + "a", x.At.ToUnixTimeMilliseconds()));
            parameters.Add((p + "e", Sql.CutOrNull(x.Detail, 500)));
            parameters.Add((p + "u", x.CustomerId));
            parameters.Add((p + "h", x.Conversation.ChannelName));
            parameters.Add((p + "s", x.UserId));
            parameters.Add((p + "i", Sql.CutOrNull(x.Intent, 64)));
            parameters.Add((p + "ic", x.IntentConfidence is { } ic ? (double)ic : null));
            parameters.Add((p + "n", x.Sentiment));
            parameters.Add((p + "ns", x.SentimentScore is { } ns ? (double)ns : null));
            parameters.Add((p + "o", x.OrderNumber));
            parameters.Add((p + "r", x.Outcome));
        }

        batch.Add(sql.ToString()).Parameters.AddRange(parameters);
    }

    /// <summary>The sender's identity and, from its customer, whether they have bought (the welcome back needs no query of its own).</summary>
    private const string ContactColumns = "k.\"UserId\",k.\"DisplayName\",k.\"Language\",k.\"LastUserMessageAtMs\",k.\"IsFollowing\",k.\"HasProfile\",k.\"CustomerId\",COALESCE(u.\"OrderCount\",0),u.\"Tier\",u.\"Segment\"";

    private const string ContactQuery = "SELECT " + ContactColumns + " FROM contacts k LEFT JOIN customers u ON u.\"Id\"=k.\"CustomerId\" WHERE k.\"Channel\"=@ch";

    /// <summary>A load group's reads (<c>@keys</c> state keys; <c>@convs</c>, <c>@lims</c>, <c>@chs</c>, <c>@users</c> one a drain).</summary>
    private const string GroupLoad =
        KeyPlans.Statement + ";"
        + "SELECT \"Key\",\"Data\",\"Version\",\"ExpiresAtMs\" FROM conversation_states WHERE \"Key\"=ANY(@keys);"
        + StatusQueries.PendingOfConversations + ";"
        + "SELECT c.n," + ContactColumns + " FROM unnest(@chs,@users) WITH ORDINALITY AS c(ch,usr,n)"
        + " JOIN contacts k ON k.\"Channel\"=c.ch AND k.\"UserId\"=c.usr LEFT JOIN customers u ON u.\"Id\"=k.\"CustomerId\"";

    private static ContactInfo ReadContact(System.Data.Common.DbDataReader reader, Channel channel, int first = 0) => new(
        channel,
        reader.GetString(first),
        reader.NullableString(first + 1),
        reader.NullableString(first + 2),
        Sql.Time(reader.NullableLong(first + 3)),
        reader.GetBoolean(first + 4),
        reader.GetBoolean(first + 5),
        reader.NullableString(first + 6),
        reader.GetInt32(first + 7),
        reader.NullableString(first + 8),
        reader.NullableString(first + 9));

    private StoredState Stored(string data, long version, long expiresAtMs) =>
        new(expiresAtMs > time.GetUtcNow().ToUnixTimeMilliseconds() ? data : null, version);

    private ValueTask EndTurnAsync() => writes.EndTurnAsync();

    private bool TurnTransactionOpen => writes.TurnTransactionOpen;

    private sealed class Turn(SqlTurnStore store) : ITurnTransaction
    {
        public bool HasWrites => store.TurnTransactionOpen;

        public Task<TurnCommit> CommitAsync(TurnEffects effects, CancellationToken cancellationToken) => store.CommitAsync(effects, cancellationToken);

        public ValueTask DisposeAsync() => store.EndTurnAsync();
    }
}
