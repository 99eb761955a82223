using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ChatCommerce.Conversations.Inbox;
using ChatCommerce.Conversations.Outbox;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Replies;
using ChatCommerce.Domain.Serialization;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>
/// The inbox on the relational database. One INSERT per write (rows of parameters on SQLite,
/// a column of events an array on PostgreSQL); the unique
/// (channel, event id) index makes a duplicate or a redelivery a row that is simply not added
/// (ON CONFLICT DO NOTHING), so what was stored is exactly what the INSERT returns.
/// </summary>
public sealed class SqlInbox(ChatCommerceDbContext db, DbWrites writes, FinishedMessages finished) : IInbox
{
    /// <summary>
    /// Events an INSERT takes at most. On SQLite a row of parameters an event, and SQLite finds
    /// each named parameter by walking the statement's list of names: at 500 rows (2,500 names)
    /// binding took most of the time, and a webhook of 10,000 events 1.3 s to store. At 50 the
    /// same webhook takes about half that; the usual write (a few dozen deliveries) is one
    /// statement either way. (One JSON array through <c>json_each</c> was tried: as fast for the
    /// big webhook, a fifth fewer acknowledgements in the end-to-end bench.)
    /// </summary>
    private int RowsPerStatement => writes.IsSqlite ? SqliteRows : 500;

    private const int SqliteRows = 50;

    public async Task<IReadOnlyList<InboxItem>> AddAsync(IReadOnlyList<InboundEvent> events, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var unique = events.Where(e => e.Kind != InboundEventKind.Echo).DistinctBy(e => (e.Channel, e.EventId)).ToList();
        var progress = Progress(events);
        if (unique.Count == 0 && progress is null)
        {
            return [];
        }

        var chunks = unique.Chunk(RowsPerStatement).ToList();
        var progressStatements = progress is null ? 0 : writes.IsSqlite ? progress.Count : 1;
        // A single statement is atomic on its own; on SQLite the write still queues at the gate.
        await using var write = await writes.WriteAsync(urgent: true, alone: chunks.Count + progressStatements <= 1, cancellationToken);
        if (progress is not null)
        {
            await MoveProgressAsync(write, progress, cancellationToken);
        }

        var added = new List<InboxItem>();
        foreach (var chunk in chunks)
        {
            var command = writes.IsSqlite ? InsertRows(write, chunk, receivedAt) : InsertArrays(write, chunk, receivedAt);
            var byKey = chunk.ToDictionary(e => (e.Channel.Name(), e.EventId));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!writes.IsSqlite)
            {
                await reader.NextResultAsync(cancellationToken); // past the settings' row
            }

            while (await reader.ReadAsync(cancellationToken))
            {
                added.Add(new InboxItem(reader.GetInt64(0), byKey[(reader.GetString(1), reader.GetString(2))], receivedAt));
            }
        }

        await write.CommitAsync(cancellationToken);
        return added;
    }

    /// <summary>
    /// Each message's furthest part the receipts prove arrived, or null when there is nothing to
    /// move (no receipts: every LINE write; or only receipts of messages this instance finished).
    /// An echo is no event to handle: it is the proof that an outbox message's part arrived.
    /// </summary>
    private Dictionary<(string Conversation, string Seed), int>? Progress(IReadOnlyList<InboundEvent> events)
    {
        Dictionary<(string Conversation, string Seed), int>? progress = null;
        foreach (var e in events)
        {
            // A message this instance finished with has no progress left to move.
            if (e.Kind == InboundEventKind.Echo && DeliveryMarker.TryParse(e.Payload, out var seed, out var part) && !finished.Contains(seed))
            {
                progress ??= [];
                var key = (e.Conversation.ToString(), seed);
                progress[key] = Math.Max(part + 1, progress.GetValueOrDefault(key));
            }
        }

        return progress;
    }

    private async Task MoveProgressAsync(HotConnection write, Dictionary<(string Conversation, string Seed), int> progress, CancellationToken cancellationToken)
    {
        if (writes.IsSqlite)
        {
            foreach (var ((_, seed), parts) in progress)
            {
                await write.Command(StatusQueries.ProgressBySeed).With("@p", parts).With("@s", seed).ExecuteNonQueryAsync(cancellationToken);
            }

            return;
        }

        // PostgreSQL: every receipt of the write in one statement (one round trip, one plan),
        // not one a receipt inside the intake's write, which webhooks wait on.
        await write.Command(KeyPlans.Statement + ";" + ProgressOfSeeds)
            .With("@sc", progress.Keys.Select(k => k.Conversation).ToArray())
            .With("@ss", progress.Keys.Select(k => k.Seed).ToArray())
            .With("@sp", progress.Values.ToArray())
            .With("@pending", nameof(OutboxStatus.Pending))
            .ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// PostgreSQL: <see cref="StatusQueries.ProgressBySeed"/> for many messages at once (one row a
    /// seed), each found through its conversation's messages. The status is a parameter so that
    /// neither index of pending messages can be chosen: their statistics are those of the last
    /// analyse, often taken when hardly a message was pending, and a plan that believed that
    /// walked every pending message for each receipt (30–40 ms a statement with 20,000 pending,
    /// inside the write webhooks wait on; through the conversation, 0.1–0.4 ms).
    /// </summary>
    private const string ProgressOfSeeds =
        "UPDATE outbox o SET \"Progress\"=v.p FROM unnest(@sc,@ss,@sp) AS v(c,s,p) WHERE o.\"Conversation\"=ANY(@sc) AND o.\"Conversation\"=v.c AND o.\"IdempotencySeed\"=v.s AND o.\"Status\"=@pending AND o.\"Progress\"<v.p";

    private const string InsertColumns = "INSERT INTO inbox (\"Channel\",\"EventId\",\"Conversation\",\"EventTimestampMs\",\"ReceivedAtMs\",\"Status\",\"Attempts\",\"NextAttemptAtMs\",\"Payload\") ";

    private const string InsertReturning = " ON CONFLICT (\"Channel\",\"EventId\") DO NOTHING RETURNING \"Id\",\"Channel\",\"EventId\"";

    /// <summary>SQLite: a row of parameters an event (the text varies with the number of events; each is prepared once on a kept lane).</summary>
    private static DbCommand InsertRows(HotConnection write, InboundEvent[] chunk, DateTimeOffset receivedAt)
    {
        var command = write.Command(RowsText(chunk.Length));
        for (var i = 0; i < chunk.Length; i++)
        {
            var e = chunk[i];
            var p = RowPrefixes[i];
            command.With(p + "c", e.Channel.Name())
                .With(p + "i", e.EventId)
                .With(p + "v", e.Conversation.ToString())
                .With(p + "t", e.Timestamp.ToUnixTimeMilliseconds())
                .With(p + "p", Payload(e));
        }

        return command.With("@at", receivedAt.ToUnixTimeMilliseconds());
    }

    private static readonly string[] RowPrefixes = Enumerable.Range(0, SqliteRows).Select(i => "@e" + i.ToString(CultureInfo.InvariantCulture) + "_").ToArray();

    private static readonly string?[] RowsTexts = new string?[RowPrefixes.Length + 1];

    private static string RowsText(int rows) => RowsTexts[rows] ??= BuildRowsText(rows);

    private static string BuildRowsText(int rows)
    {
        var sql = new StringBuilder(InsertColumns).Append("VALUES ");
        for (var i = 0; i < rows; i++)
        {
            var p = RowPrefixes[i];
            sql.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $"({p}c,{p}i,{p}v,{p}t,@at,'Pending',0,0,{p}p)");
        }

        return sql.Append(InsertReturning).ToString();
    }

    /// <summary>
    /// PostgreSQL: a column of the events as one array, made rows again by <c>unnest</c>: one text
    /// whatever the number of events, so the server prepares it once instead of parsing and
    /// planning each new size of batch. Planned once a connection (<see cref="KeyPlans"/>).
    /// </summary>
    private static DbCommand InsertArrays(HotConnection write, InboundEvent[] chunk, DateTimeOffset receivedAt) =>
        write.Command(KeyPlans.Statement + ";" + InsertColumns + "SELECT v.c,v.i,v.v,v.t,@at,'Pending',0,0,v.p FROM unnest(@cs,@is,@vs,@ts,@ps) AS v(c,i,v,t,p)" + InsertReturning)
            .With("@cs", chunk.Select(e => e.Channel.Name()).ToArray())
            .With("@is", chunk.Select(e => e.EventId).ToArray())
            .With("@vs", chunk.Select(e => e.Conversation.ToString()).ToArray())
            .With("@ts", chunk.Select(e => e.Timestamp.ToUnixTimeMilliseconds()).ToArray())
            .With("@ps", chunk.Select(Payload).ToArray())
            .With("@at", receivedAt.ToUnixTimeMilliseconds());

    private static string Payload(InboundEvent e) => JsonSerializer.Serialize(e, DomainJson.Stored.InboundEvent);

    public async Task<IReadOnlyList<ConversationKey>> StalledAsync(DateTimeOffset receivedBefore, DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        await using var use = await db.UseConnectionAsync(cancellationToken);
        var connection = use.Connection;
        await using var command = connection.Command(null,
            StatusQueries.Stalled(writes.IsSqlite))
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
            StatusQueries.DeadLetters(writes.IsSqlite))
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
