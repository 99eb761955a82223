using System.Globalization;
using ChatCommerce.Conversations.Outbox;
using ChatCommerce.Domain.Messaging;
using Microsoft.EntityFrameworkCore;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>The outbox on the relational database (the rows a turn writes are written by <see cref="SqlTurnStore"/>, the same way).</summary>
public sealed class SqlOutboxStore(ChatCommerceDbContext db, DbWrites writes, InstanceIdentity instance) : IOutboxStore
{
    public async Task<IReadOnlyList<OutboxMessage>> AddAsync(IReadOnlyList<OutboxEntry> entries, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return [];
        }

        await using var write = await writes.WriteAsync(urgent: false, alone: false, cancellationToken);
        var batch = write.Batch();
        var insert = OutboxRows.AddInsert(batch, entries, now, leaseUntil, instance.Id);
        await batch.ExecuteAsync(cancellationToken);
        await write.CommitAsync(cancellationToken);
        return OutboxRows.Inserted(insert, entries);
    }

    public async Task AddHeldAsync(IReadOnlyList<OutboxEntry> entries, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return;
        }

        await using var write = await writes.WriteAsync(urgent: false, alone: false, cancellationToken);
        var batch = write.Batch();
        OutboxRows.AddInsert(batch, entries, now, now, leaseOwner: null, OutboxStatus.Held);
        await batch.ExecuteAsync(cancellationToken);
        await write.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ConversationKey>> WithHeldAsync(int take, CancellationToken cancellationToken)
    {
        await using var use = await db.UseConnectionAsync(cancellationToken);
        await using var command = use.Connection.Command(null, StatusQueries.HeldConversations).With("@max", take);
        var keys = new List<ConversationKey>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (ConversationKey.TryParse(reader.GetString(0), out var key))
            {
                keys.Add(key);
            }
        }

        return keys;
    }

    public async Task<IReadOnlyList<OutboxMessage>> ReleaseHeldAsync(ConversationKey conversation, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        await using var write = await writes.WriteAsync(urgent: false, alone: false, cancellationToken);
        var batch = write.Batch();
        var released = batch.Add(
            "UPDATE outbox SET \"Status\"='Pending', \"NextAttemptAtMs\"=@now, \"LeaseUntilMs\"=@lease, \"LeaseOwner\"=@me WHERE \"Conversation\"=@c AND \"Status\"='Held' RETURNING " + OutboxRows.Columns,
            returnsRows: true)
            .With("@now", now.ToUnixTimeMilliseconds()).With("@lease", leaseUntil.ToUnixTimeMilliseconds()).With("@me", instance.Id).With("@c", conversation.ToString());
        await batch.ExecuteAsync(cancellationToken);
        await write.CommitAsync(cancellationToken);
        return released.Rows.Select(OutboxRows.Read).OrderBy(m => m.Id).ToList();
    }

    public async Task CompleteAsync(IReadOnlyList<OutboxCompletion> completions, CancellationToken cancellationToken)
    {
        if (completions.Count == 0)
        {
            return;
        }

        // A message completed twice in one batch ends as its last completion says, with the furthest
        // progress of the two (an echo may have moved it further). Sorted by id, so two completions
        // at once take their shared rows in the same order.
        completions = completions.GroupBy(c => c.Id).Select(g => g.Last() with { Progress = g.Max(c => c.Progress) }).OrderBy(c => c.Id).ToList();

        // A delivered message leaves the outbox: the conversation's touchpoints keep what was said,
        // and removing the row costs the database a mark on it where an update wrote the whole row
        // (its messages too) again with new index entries. Messages given up on stay with their
        // reason until the retention job.
        var delivered = completions.Where(c => c.Status == OutboxStatus.Sent).Select(c => c.Id).ToArray();
        var ended = completions.Where(c => c.Status != OutboxStatus.Sent).ToList();
        await using var write = await writes.WriteAsync(urgent: false, alone: false, cancellationToken);
        var batch = write.Batch();
        if (!writes.IsSqlite)
        {
            // PostgreSQL: one statement for each kind of outcome, each column as an array.
            KeyPlans.Add(batch);
            if (delivered.Length > 0)
            {
                batch.Add("DELETE FROM outbox WHERE \"Id\"=ANY(@ids)").With("@ids", delivered);
            }

            if (ended.Count > 0)
            {
                batch.Add("""
                    UPDATE outbox o SET "Status"=v.s, "Progress"=GREATEST(o."Progress", v.p), "Note"=v.n, "DoneAtMs"=v.at
                    FROM unnest(@eids,@ss,@ps,@ns,@ats) AS v(id,s,p,n,at) WHERE o."Id"=ANY(@eids) AND o."Id"=v.id
                    """)
                    .With("@eids", ended.Select(c => c.Id).ToArray())
                    .With("@ss", ended.Select(c => c.Status.ToString()).ToArray())
                    .With("@ps", ended.Select(c => c.Progress).ToArray())
                    .With("@ns", ended.Select(c => Sql.CutOrNull(c.Note, 500)).ToArray())
                    .With("@ats", ended.Select(c => c.At.ToUnixTimeMilliseconds()).ToArray());
            }
        }
        else
        {
            foreach (var id in delivered)
            {
                batch.Add("DELETE FROM outbox WHERE \"Id\"=@id").With("@id", id);
            }

            foreach (var c in ended)
            {
                batch.Add("UPDATE outbox SET \"Status\"=@s, \"Progress\"=CASE WHEN \"Progress\">@p THEN \"Progress\" ELSE @p END, \"Note\"=@n, \"DoneAtMs\"=@at WHERE \"Id\"=@id")
                    .With("@s", c.Status.ToString()).With("@p", c.Progress).With("@n", Sql.CutOrNull(c.Note, 500)).With("@at", c.At.ToUnixTimeMilliseconds()).With("@id", c.Id);
            }
        }

        await batch.ExecuteAsync(cancellationToken);
        await write.CommitAsync(cancellationToken);
    }

    public Task RescheduleAsync(OutboxMessage message, DateTimeOffset nextAttemptAt, DateTimeOffset leaseUntil, string? note, CancellationToken cancellationToken) =>
        writes.ExecuteByKeyAsync(
            // Progress never goes back: an echo may have moved it on while the attempt was failing.
            "UPDATE outbox SET \"Attempts\"=@a, \"Progress\"=CASE WHEN \"Progress\">@p THEN \"Progress\" ELSE @p END, \"MayHaveBeenSent\"=@m, \"NextAttemptAtMs\"=@next, \"LeaseUntilMs\"=@lease, \"Note\"=@n WHERE \"Id\"=@id AND \"Status\"=@pending",
            cancellationToken,
            ("@pending", nameof(OutboxStatus.Pending)),
            ("@a", message.Attempts), ("@p", message.Progress), ("@m", message.MayHaveBeenSent), ("@next", nextAttemptAt.ToUnixTimeMilliseconds()),
            ("@lease", leaseUntil.ToUnixTimeMilliseconds()), ("@n", Sql.CutOrNull(note, 500)), ("@id", message.Id));

    public async Task RenewLeasesAsync(IReadOnlyCollection<long> ids, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        if (!writes.IsSqlite)
        {
            // Rows another transaction holds are passed over, not waited for: that is a completion
            // (the message needs no lease once it commits; if it rolls back, the next renewal comes
            // long before this lease ends). Waiting for them, in whatever order the rows were
            // found, deadlocked with completions taking the same rows in another order.
            await writes.ExecuteByKeyAsync(
                "UPDATE outbox SET \"LeaseUntilMs\"=@lease WHERE \"Id\" IN (SELECT \"Id\" FROM outbox WHERE \"Id\"=ANY(@ids) AND \"Status\"=@pending FOR UPDATE SKIP LOCKED)",
                cancellationToken,
                ("@pending", nameof(OutboxStatus.Pending)),
                ("@lease", leaseUntil.ToUnixTimeMilliseconds()),
                ("@ids", ids.Order().ToArray()));
            return;
        }

        foreach (var chunk in ids.Chunk(500))
        {
            var list = string.Join(",", chunk.Select(id => id.ToString(CultureInfo.InvariantCulture)));
            await writes.ExecuteAsync($"UPDATE outbox SET \"LeaseUntilMs\"=@lease WHERE \"Status\"=@pending AND \"Id\" IN ({list})", cancellationToken, ("@lease", leaseUntil.ToUnixTimeMilliseconds()), ("@pending", nameof(OutboxStatus.Pending)));
        }
    }

    public async Task<IReadOnlyList<OutboxMessage>> ClaimAbandonedAsync(DateTimeOffset now, DateTimeOffset orphanedBefore, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken)
    {
        await using var write = await writes.WriteAsync(urgent: false, alone: false, cancellationToken);
        var skipLocked = writes.IsSqlite ? "" : " FOR UPDATE SKIP LOCKED";
        var batch = write.Batch();
        if (!writes.IsSqlite)
        {
            batch.Add(KeyPlans.IndexWalk, returnsRows: true);
        }

        var claim = batch.Add(
            "UPDATE outbox SET \"LeaseUntilMs\"=@lease, \"LeaseOwner\"=@me, \"MayHaveBeenSent\"=TRUE WHERE \"Id\" IN (SELECT \"Id\" FROM outbox WHERE \"Status\"='Pending' AND \"NextAttemptAtMs\"<=@now"
            + " AND (\"LeaseUntilMs\"<@now OR (\"LeaseOwner\"=@me AND \"CreatedAtMs\"<@orphaned)) ORDER BY \"Id\" LIMIT @max"
            + skipLocked + ") RETURNING " + OutboxRows.Columns,
            returnsRows: true)
            .With("@lease", leaseUntil.ToUnixTimeMilliseconds()).With("@now", now.ToUnixTimeMilliseconds()).With("@max", max)
            .With("@me", instance.Id).With("@orphaned", orphanedBefore.ToUnixTimeMilliseconds());
        await batch.ExecuteAsync(cancellationToken);
        await write.CommitAsync(cancellationToken);
        return claim.Rows.Select(OutboxRows.Read).OrderBy(m => m.Id).ToList();
    }

    public async Task<int> PendingCountAsync(CancellationToken cancellationToken)
    {
        await using var use = await db.UseConnectionAsync(cancellationToken);
        var connection = use.Connection;
        await using var command = connection.Command(null, StatusQueries.PendingOutbox);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public async Task<(OutboxStatus Status, int Progress)?> ReadAsync(long id, CancellationToken cancellationToken)
    {
        await using var use = await db.UseConnectionAsync(cancellationToken);
        var connection = use.Connection;
        await using var command = connection.Command(null, "SELECT \"Status\", \"Progress\" FROM outbox WHERE \"Id\"=@id").With("@id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (Enum.Parse<OutboxStatus>(reader.GetString(0)), reader.GetInt32(1)) : null;
    }
}
