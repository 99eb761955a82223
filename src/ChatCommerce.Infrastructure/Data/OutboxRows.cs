using System.Globalization;
using System.Text;
using System.Text.Json;
using ChatCommerce.Conversations.Outbox;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Replies;
using ChatCommerce.Domain.Serialization;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>How outbox messages are written and read as rows, for the turn store and the outbox store.</summary>
internal static class OutboxRows
{
    public const string Columns = "\"Id\",\"Conversation\",\"Kind\",\"Messages\",\"IdempotencySeed\",\"ReplyToken\",\"ReplyTokenAtMs\",\"EventAtMs\",\"LastUserMessageAtMs\",\"InResponse\",\"ExpiresAtMs\",\"Attempts\",\"Progress\",\"MayHaveBeenSent\"";

    /// <summary>One INSERT for all entries, returning their ids: pending and leased, or held (no lease) while staff own the conversation.</summary>
    public static SqlBatch.Statement AddInsert(SqlBatch batch, IReadOnlyList<OutboxEntry> entries, DateTimeOffset now, DateTimeOffset leaseUntil, string? leaseOwner, OutboxStatus status = OutboxStatus.Pending)
    {
        var sql = new StringBuilder("INSERT INTO outbox (\"Conversation\",\"Kind\",\"Status\",\"Messages\",\"IdempotencySeed\",\"ReplyToken\",\"ReplyTokenAtMs\",\"EventAtMs\",\"LastUserMessageAtMs\",\"InResponse\",\"CreatedAtMs\",\"ExpiresAtMs\",\"NextAttemptAtMs\",\"LeaseUntilMs\",\"LeaseOwner\",\"Attempts\",\"Progress\",\"MayHaveBeenSent\") VALUES ");
        var statusName = status == OutboxStatus.Pending ? nameof(OutboxStatus.Pending) : status.ToString();
        var parameters = new List<(string, object?)> { ("@onow", now.ToUnixTimeMilliseconds()), ("@olease", leaseUntil.ToUnixTimeMilliseconds()), ("@oowner", leaseOwner) };
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            var p = "@o" + i.ToString(CultureInfo.InvariantCulture) + "_";
            sql.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture,
                $"({p}c,{p}k,'{statusName}',{p}m,{p}s,{p}t,{p}ta,{p}ea,{p}lu,{p}r,@onow,{p}x,@onow,@olease,@oowner,0,0,FALSE)");
            parameters.Add((p + "c", e.Conversation.ToString()));
            parameters.Add((p + "k", e.Kind.ToString()));
            parameters.Add((p + "m", JsonSerializer.Serialize(e.Messages.ToList(), DomainJson.Stored.ListOutboundMessage)));
            parameters.Add((p + "s", Sql.Cut(e.IdempotencySeed, 300)));
            parameters.Add((p + "t", e.ReplyToken));
            parameters.Add((p + "ta", Sql.Ms(e.ReplyTokenReceivedAt)));
            parameters.Add((p + "ea", Sql.Ms(e.EventTimestamp)));
            parameters.Add((p + "lu", Sql.Ms(e.LastUserMessageAt)));
            parameters.Add((p + "r", e.InResponse));
            parameters.Add((p + "x", e.ExpiresAt.ToUnixTimeMilliseconds()));
        }

        var statement = batch.Add(sql.Append(" RETURNING \"Id\"").ToString(), returnsRows: true);
        statement.Parameters.AddRange(parameters);
        return statement;
    }

    /// <summary>The stored messages the insert made, with their ids.</summary>
    public static IReadOnlyList<OutboxMessage> Inserted(SqlBatch.Statement insert, IReadOnlyList<OutboxEntry> entries)
    {
        // RETURNING gives the rows in insertion order on both databases; ids are increasing either way.
        var ids = insert.Rows.Select(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture)).Order().ToList();
        return entries.Select((e, i) => new OutboxMessage(ids[i], e, 0, 0, false)).ToList();
    }

    public static OutboxMessage Read(object?[] row)
    {
        long? Long(int i) => row[i] is null ? null : Convert.ToInt64(row[i], CultureInfo.InvariantCulture);
        var entry = new OutboxEntry(
            ConversationKey.Parse((string)row[1]!),
            Enum.Parse<OutboxKind>((string)row[2]!),
            JsonSerializer.Deserialize((string)row[3]!, DomainJson.Default.ListOutboundMessage) ?? [],
            (string)row[4]!,
            DateTimeOffset.FromUnixTimeMilliseconds(Long(10)!.Value),
            (string?)row[5],
            Sql.Time(Long(6)),
            Sql.Time(Long(7)),
            Sql.Time(Long(8)),
            Convert.ToBoolean(row[9], CultureInfo.InvariantCulture));
        return new OutboxMessage(Long(0)!.Value, entry, (int)Long(11)!.Value, (int)Long(12)!.Value, Convert.ToBoolean(row[13], CultureInfo.InvariantCulture));
    }
}
