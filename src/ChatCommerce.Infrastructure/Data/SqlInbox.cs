using System.Globalization;
using System.Text;
using System.Text.Json;
using ChatCommerce.Conversations.Inbox;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Replies;
using ChatCommerce.Domain.Serialization;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>
/// The inbox on the relational database. One multi-row INSERT per write; the unique
/// (channel, event id) index makes a duplicate or a redelivery a row that is simply not added
/// (ON CONFLICT DO NOTHING), so what was stored is exactly what the INSERT returns.
/// </summary>
public sealed class SqlInbox(ChatCommerceDbContext db, DbWrites writes) : IInbox
{
    private const int RowsPerStatement = 500;

    public async Task<IReadOnlyList<InboxItem>> AddAsync(IReadOnlyList<InboundEvent> events, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        // An echo is no event to handle: it is the proof that an outbox message's part arrived.
        var receipts = events.Where(e => e.Kind == InboundEventKind.Echo).ToList();
        var unique = events.Where(e => e.Kind != InboundEventKind.Echo).DistinctBy(e => (e.Channel, e.EventId)).ToList();
        if (unique.Count == 0 && receipts.Count == 0)
        {
            return [];
        }

        await using var use = await db.UseConnectionAsync(cancellationToken);
        var connection = use.Connection;
        var chunks = unique.Chunk(RowsPerStatement).ToList();
        // A single statement is atomic on its own; on SQLite the write still queues at the gate.
        await using var transaction = chunks.Count + receipts.Count > 1 || writes.IsSqlite ? await writes.BeginAsync(urgent: true, cancellationToken) : WriteTransaction.Joined;
        foreach (var receipt in receipts)
        {
            if (DeliveryMarker.TryParse(receipt.Payload, out var seed, out var part))
            {
                await using var update = connection.Command(db.Database.CurrentTransaction,
                    StatusQueries.ProgressBySeed)
                    .With("@p", part + 1).With("@s", seed);
                await update.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        var added = new List<InboxItem>();
        foreach (var chunk in chunks)
        {
            var sql = new StringBuilder("INSERT INTO inbox (\"Channel\",\"EventId\",\"Conversation\",\"EventTimestampMs\",\"ReceivedAtMs\",\"Status\",\"Attempts\",\"NextAttemptAtMs\",\"Payload\") VALUES ");
            await using var command = connection.Command(db.Database.CurrentTransaction, "");
            for (var i = 0; i < chunk.Length; i++)
            {
                var e = chunk[i];
                var p = "@e" + i.ToString(CultureInfo.InvariantCulture) + "_";
                sql.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $"({p}c,{p}i,{p}v,{p}t,@at,'Pending',0,0,{p}p)");
                command.With(p + "c", e.Channel.Name())
                    .With(p + "i", e.EventId)
                    .With(p + "v", e.Conversation.ToString())
                    .With(p + "t", e.Timestamp.ToUnixTimeMilliseconds())
                    .With(p + "p", JsonSerializer.Serialize(e, DomainJson.Stored.InboundEvent));
            }

            command.With("@at", receivedAt.ToUnixTimeMilliseconds());
            command.CommandText = sql.Append(" ON CONFLICT (\"Channel\",\"EventId\") DO NOTHING RETURNING \"Id\",\"Channel\",\"EventId\"").ToString();
            var byKey = chunk.ToDictionary(e => (e.Channel.Name(), e.EventId));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                added.Add(new InboxItem(reader.GetInt64(0), byKey[(reader.GetString(1), reader.GetString(2))], receivedAt));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return added;
    }

    public async Task<IReadOnlyList<ConversationKey>> StalledAsync(DateTimeOffset receivedBefore, DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        await using var use = await db.UseConnectionAsync(cancellationToken);
        var connection = use.Connection;
        await using var command = connection.Command(null,
            StatusQueries.Stalled)
            .With("@before", receivedBefore.ToUnixTimeMilliseconds()).With("@now", now.ToUnixTimeMilliseconds()).With("@max", max);
        var keys = new List<ConversationKey>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(ConversationKey.Parse(reader.GetString(0)));
        }

        return keys;
    }

    public async Task<IReadOnlyList<DeadLetter>> DeadLettersAsync(int max, CancellationToken cancellationToken)
    {
        await using var use = await db.UseConnectionAsync(cancellationToken);
        var connection = use.Connection;
        await using var command = connection.Command(null,
            StatusQueries.DeadLetters)
            .With("@max", max);
        var letters = new List<DeadLetter>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var inbound = JsonSerializer.Deserialize(reader.GetString(3), DomainJson.Default.InboundEvent);
            letters.Add(new DeadLetter(
                reader.GetInt64(0),
                ConversationKey.Parse(reader.GetString(1)),
                reader.GetString(2),
                inbound?.RawType ?? "",
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                reader.GetInt32(5),
                reader.NullableString(6)));
        }

        return letters;
    }

    public async Task<ConversationKey?> RetryDeadLetterAsync(long id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var use = await db.UseConnectionAsync(cancellationToken);
        var connection = use.Connection;
        await using var transaction = await writes.BeginAsync(cancellationToken);
        await using var command = connection.Command(db.Database.CurrentTransaction,
            "UPDATE inbox SET \"Status\"='Pending', \"Attempts\"=0, \"NextAttemptAtMs\"=0, \"ReceivedAtMs\"=@now, \"Note\"=@note WHERE \"Id\"=@id AND \"Status\"='DeadLettered' RETURNING \"Conversation\"")
            .With("@now", now.ToUnixTimeMilliseconds()).With("@note", "retried by the owner").With("@id", id);
        var conversation = (string?)await command.ExecuteScalarAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return conversation is null ? null : ConversationKey.Parse(conversation);
    }
}
