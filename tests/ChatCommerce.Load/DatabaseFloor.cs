using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using ChatCommerce.Conversations.State;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Infrastructure.Data;
using ChatCommerce.Testing;
using Npgsql;

namespace ChatCommerce.Load;

/// <summary>How the floor's inbox finds its open events and marks an event handled (PostgreSQL).</summary>
public enum FloorDesign
{
    /// <summary>
    /// As before 2026-12-06: indexes of the pending and of the dead-lettered rows name the status,
    /// so marking an event done writes a new version of its row elsewhere and three index entries.
    /// </summary>
    Before,

    /// <summary>The product's schema: no index names the status, triggers keep <c>inbox_open</c>.</summary>
    Triggers,

    /// <summary>As <see cref="Triggers"/>, with <c>inbox_open</c> written by the statements themselves instead.</summary>
    Explicit,
}

/// <summary>One turn's rows as the product wrote them, copied by the floor for every turn it writes.</summary>
public sealed record FloorSample(string Payload, string State, IReadOnlyList<FloorTouchpoint> Touchpoints, string Messages);

/// <summary>A touchpoint's columns that the product fills for a text message and its answer.</summary>
public sealed record FloorTouchpoint(string Direction, string Kind, string? Text, string? Intent, double? IntentConfidence, string? Sentiment, double? SentimentScore, string? Outcome);

/// <summary>What one pass of the floor cost the database.</summary>
public sealed record FloorFigures(FloorDesign Design, int Turns, double DatabaseCpuSeconds, long WalBytes, double Seconds)
{
    public double MicrosecondsPerTurn => DatabaseCpuSeconds * 1e6 / Turns;

    public static string Name(FloorDesign design) => design switch
    {
        FloorDesign.Before => "before",
        FloorDesign.Triggers => "triggers",
        _ => "explicit",
    };

    public string Format() => string.Create(CultureInfo.InvariantCulture,
        $"{Name(Design),-17} {Turns:N0} turns in {Seconds:N1} s: PostgreSQL {MicrosecondsPerTurn:N0} µs of CPU and {WalBytes / (double)Turns:N0} bytes of write-ahead log a turn ({Turns / Seconds:N0} turns/s on its core)");
}

/// <summary>How big a floor run is: turns a pass, the commit group, the intake's write, concurrent writers, passes of each design.</summary>
public sealed record FloorOptions(int Turns = 100_000, int CommitGroup = 64, int IntakeGroup = 10, int Writers = 2, int Rounds = 2)
{
    public IReadOnlyList<FloorDesign> Designs { get; init; } = Enum.GetValues<FloorDesign>();

    public string Configuration { get; init; } = "Release";

    public bool PinHost { get; init; } = true;
}

/// <summary>
/// The database's floor: the writes the pipeline needs for one answered turn (the event stored,
/// the conversation's state, the contact, the touchpoints, the reply through the outbox and its
/// delivery, the event marked handled), with none of the reads, sweeps or waits around them and in
/// ideal groups, on a durable PostgreSQL of its own. What PostgreSQL then spends a turn is what no
/// change to the host can win back. The rows are copies of what the product itself wrote for the
/// end-to-end bench's seven messages (sent through the real host first), so sizes and compression
/// are the product's.
/// </summary>
public static class DatabaseFloor
{
    public static async Task<int> RunAsync(string repoRoot, FloorOptions options)
    {
        var (samples, results) = await MeasureAsync(repoRoot, options, Console.WriteLine);
        foreach (var design in options.Designs)
        {
            var mine = results.Where(r => r.Design == design).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT floor design={FloorFigures.Name(design)} turns={options.Turns} commit_group={options.CommitGroup} intake_group={options.IntakeGroup} writers={options.Writers} samples={samples.Count} pg_us_per_turn_min={mine.Min(r => r.MicrosecondsPerTurn):0} pg_us_per_turn_max={mine.Max(r => r.MicrosecondsPerTurn):0} wal_bytes_per_turn={mine.Average(r => r.WalBytes / (double)r.Turns):0}"));
        }

        return 0;
    }

    /// <summary>Samples the product's rows, then writes each design's passes; every pass checks what it left.</summary>
    public static async Task<(IReadOnlyList<FloorSample> Samples, IReadOnlyList<FloorFigures> Passes)> MeasureAsync(string repoRoot, FloorOptions options, Action<string> say)
    {
        var settings = new LoadSettings
        {
            RepoRoot = repoRoot, Configuration = options.Configuration, Production = true, Users = 12, MessengerShare = 0, Script = ShoppingScript.Messages,
            Postgres = Environment.GetEnvironmentVariable("PG"), Redis = Environment.GetEnvironmentVariable("REDIS"),
            HostCpu = options.PinHost && Environment.ProcessorCount >= 2 ? 1 : null,
        };
        say("starting the host on PostgreSQL and Redis of its own to take samples of its rows…");
        await using var rig = await LoadRig.StartAsync(settings);
        var samples = await SampleAsync(rig);
        say($"took {samples.Count} turns' rows from the product (stored event {samples.Average(s => s.Payload.Length):N0} characters, state {samples.Average(s => s.State.Length):N0}, reply {samples.Min(s => s.Messages.Length):N0}–{samples.Max(s => s.Messages.Length):N0} (mean {samples.Average(s => s.Messages.Length):N0}), {samples.Average(s => s.Touchpoints.Count):N1} touchpoints a turn)");
        await rig.Host.KillAsync();
        var connection = rig.PostgresConnection!;
        var pid = rig.Postgres?.ServerProcessId ?? await PostmasterAsync(connection);
        var results = new List<FloorFigures>();
        for (var round = 0; round < options.Rounds; round++)
        {
            foreach (var design in options.Designs)
            {
                var figures = await PassAsync(connection, pid, samples, design, options);
                say(figures.Format());
                results.Add(figures);
            }
        }

        return (samples, results);
    }

    /// <summary>Each of a dozen shoppers says the bench's seven messages; the platform fails every send, so the replies stay in the outbox to be read.</summary>
    public static async Task<IReadOnlyList<FloorSample>> SampleAsync(LoadRig rig)
    {
        rig.Platform.Mode = PlatformMode.ServerErrors;
        using var http = new HttpClient { BaseAddress = new Uri(rig.Host.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        var sent = 0;
        for (var step = 0; step < ShoppingScript.Messages.Count; step++)
        {
            foreach (var shopper in rig.Shoppers)
            {
                var delivery = rig.Webhooks.Next(shopper);
                using var content = new ByteArrayContent(delivery.Body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Path) { Content = content };
                request.Headers.Add(delivery.SignatureHeader, delivery.Signature);
                (await http.SendAsync(request)).EnsureSuccessStatusCode();
                sent++;
            }

            // Past the reorder window, so the next message is a turn of its own.
            await Task.Delay(400);
        }

        await using var db = new NpgsqlConnection(rig.PostgresConnection);
        await db.OpenAsync();
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 120;
        while (await ScalarAsync<long>(db, "SELECT COUNT(*) FROM inbox WHERE \"Status\"<>'Pending'") < sent
            || await ScalarAsync<long>(db, "SELECT COUNT(*) FROM outbox") < sent)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new InvalidOperationException($"The host did not handle the {sent} sample events in two minutes.");
            }

            await Task.Delay(250);
        }

        // A turn's touchpoints: its message in, then what answered it, in the order written.
        var events = new List<(string Conversation, string Payload)>();
        await using (var read = new NpgsqlCommand("SELECT \"Conversation\",\"Payload\" FROM inbox ORDER BY \"Id\"", db))
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                events.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var touchpoints = new Dictionary<string, List<List<FloorTouchpoint>>>();
        await using (var read = new NpgsqlCommand("SELECT \"Conversation\",\"Direction\",\"Kind\",\"Text\",\"Intent\",\"IntentConfidence\",\"Sentiment\",\"SentimentScore\",\"Outcome\" FROM touchpoints ORDER BY \"Id\"", db))
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var turnsOf = touchpoints.TryGetValue(reader.GetString(0), out var list) ? list : touchpoints[reader.GetString(0)] = [];
                var row = new FloorTouchpoint(reader.GetString(1), reader.GetString(2), Text(reader, 3), Text(reader, 4), Number(reader, 5), Text(reader, 6), Number(reader, 7), Text(reader, 8));
                if (row.Direction == "Inbound" || turnsOf.Count == 0)
                {
                    turnsOf.Add([]);
                }

                turnsOf[^1].Add(row);
            }
        }

        var replies = new Dictionary<string, List<string>>();
        await using (var read = new NpgsqlCommand("SELECT \"Conversation\",\"Messages\" FROM outbox ORDER BY \"Id\"", db))
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                (replies.TryGetValue(reader.GetString(0), out var list) ? list : replies[reader.GetString(0)] = []).Add(reader.GetString(1));
            }
        }

        var states = new Dictionary<string, string>();
        await using (var read = new NpgsqlCommand("SELECT \"Key\",\"Data\" FROM conversation_states", db))
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                states[reader.GetString(0)] = reader.GetString(1);
            }
        }

        var samples = new List<FloorSample>();
        foreach (var group in events.GroupBy(e => e.Conversation))
        {
            var turnsOf = touchpoints.GetValueOrDefault(group.Key) ?? [];
            var repliesOf = replies.GetValueOrDefault(group.Key) ?? [];
            var state = states.GetValueOrDefault(ConversationStateRepository.Key(ConversationKey.Parse(group.Key))) ?? "";
            samples.AddRange(group.Select((e, i) => new FloorSample(e.Payload, state, i < turnsOf.Count ? turnsOf[i] : [], i < repliesOf.Count ? repliesOf[i] : "")));
        }

        return samples.Where(s => s.Touchpoints.Count > 0 && s.Messages.Length > 0 && s.State.Length > 0).ToList();
    }

    private static async Task<FloorFigures> PassAsync(string connection, int pid, IReadOnlyList<FloorSample> samples, FloorDesign design, FloorOptions options)
    {
        var (commitGroup, intakeGroup, writers) = (options.CommitGroup, options.IntakeGroup, options.Writers);
        await using (var db = new NpgsqlConnection(connection))
        {
            await db.OpenAsync();
            await ExecuteAsync(db, "TRUNCATE inbox, outbox, touchpoints, conversation_states");
            await ExecuteAsync(db, "TRUNCATE inbox_open");
            await ExecuteAsync(db, InboxOpenTriggers.Drop);
            if (design == FloorDesign.Before)
            {
                await ExecuteAsync(db, "ALTER TABLE inbox SET (fillfactor=100)");
                await ExecuteAsync(db, "CREATE INDEX IF NOT EXISTS \"IX_inbox_Pending\" ON inbox (\"Conversation\", \"EventTimestampMs\", \"Id\") WHERE \"Status\"='Pending'");
                await ExecuteAsync(db, "CREATE INDEX IF NOT EXISTS \"IX_inbox_DeadLettered\" ON inbox (\"Id\") WHERE \"Status\"='DeadLettered'");
            }
            else
            {
                // As the migrations leave it (a pass of another design may have changed it).
                await ExecuteAsync(db, "ALTER TABLE inbox SET (fillfactor=60)");
                await ExecuteAsync(db, "DROP INDEX IF EXISTS \"IX_inbox_Pending\"");
                await ExecuteAsync(db, "DROP INDEX IF EXISTS \"IX_inbox_DeadLettered\"");
                if (design == FloorDesign.Triggers)
                {
                    await ExecuteAsync(db, InboxOpenTriggers.Create);
                }
            }

            await ExecuteAsync(db, "CHECKPOINT");
        }

        var wal0 = await WalAsync(connection);
        var cpu0 = ProcessTreeCpu.Seconds(pid);
        var watch = Stopwatch.StartNew();
        var groups = options.Turns / commitGroup / writers;
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(async w =>
        {
            await using var db = new NpgsqlConnection(connection);
            await db.OpenAsync();
            for (var g = 0; g < groups; g++)
            {
                var first = Interlocked.Add(ref next, commitGroup) - commitGroup;
                await GroupAsync(db, samples, design, first, commitGroup, intakeGroup);
            }
        }));
        var seconds = watch.Elapsed.TotalSeconds;
        var cpu = ProcessTreeCpu.Seconds(pid) - cpu0;
        var wal = await WalAsync(connection) - wal0;
        var written = groups * writers * commitGroup;
        await CheckAsync(connection, written);
        return new FloorFigures(design, written, cpu, wal, seconds);
    }

    /// <summary>What a pass must leave: every event stored once and handled, no message left to send, no event open.</summary>
    private static async Task CheckAsync(string connection, int turns)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        var left = (
            Done: await ScalarAsync<long>(db, "SELECT COUNT(*) FROM inbox WHERE \"Status\"='Done'"),
            Inbox: await ScalarAsync<long>(db, "SELECT COUNT(*) FROM inbox"),
            Outbox: await ScalarAsync<long>(db, "SELECT COUNT(*) FROM outbox"),
            Open: await ScalarAsync<long>(db, "SELECT COUNT(*) FROM inbox_open"),
            Touchpoints: await ScalarAsync<long>(db, "SELECT COUNT(*) FROM touchpoints"));
        if (left.Done != turns || left.Inbox != turns || left.Outbox != 0 || left.Open != 0 || left.Touchpoints < turns)
        {
            throw new InvalidOperationException($"The pass left {left} for {turns} turns.");
        }
    }

    /// <summary>One commit group: its events stored in intake writes, then its turns committed together, then its replies delivered.</summary>
    private static async Task GroupAsync(NpgsqlConnection db, IReadOnlyList<FloorSample> samples, FloorDesign design, int first, int size, int intakeGroup)
    {
        var ids = new List<long>(size);
        for (var from = 0; from < size; from += intakeGroup)
        {
            var n = Math.Min(intakeGroup, size - from);
            var turns = Enumerable.Range(first + from, n).ToArray();
            const string insert = """
                INSERT INTO inbox ("Channel","EventId","Conversation","EventTimestampMs","ReceivedAtMs","Status","Attempts","NextAttemptAtMs","Payload")
                SELECT 'line', v.e, v.c, v.t, 1796477968952, 'Pending', 0, 0, v.p FROM unnest(@e,@c,@t,@p) AS v(e,c,t,p) ON CONFLICT ("Channel","EventId") DO NOTHING RETURNING "Id","Conversation","EventTimestampMs"
                """;
            var sql = design == FloorDesign.Explicit
                ? "WITH ins AS (" + insert + "), o AS (INSERT INTO inbox_open SELECT \"Id\",\"Conversation\",\"EventTimestampMs\",1796477968952,0,FALSE FROM ins) SELECT \"Id\" FROM ins"
                : insert;
            await using var command = new NpgsqlCommand(sql, db);
            command.Parameters.AddWithValue("e", turns.Select(t => "FLOOR" + t.ToString("D21", CultureInfo.InvariantCulture)).ToArray());
            command.Parameters.AddWithValue("c", turns.Select(Conversation).ToArray());
            command.Parameters.AddWithValue("t", turns.Select(t => 1796477968952L + t).ToArray());
            command.Parameters.AddWithValue("p", turns.Select(t => samples[t % samples.Count].Payload).ToArray());
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetInt64(0));
            }
        }

        var all = Enumerable.Range(first, size).ToArray();
        var outbox = new List<long>(size);
        await using (var transaction = await db.BeginTransactionAsync())
        {
            await using var batch = new NpgsqlBatch(db, transaction);
            if (design == FloorDesign.Explicit)
            {
                batch.BatchCommands.Add(Command("DELETE FROM inbox_open WHERE \"Id\"=ANY($1)", ids.ToArray()));
            }

            batch.BatchCommands.Add(Command("UPDATE inbox SET \"Status\"='Done', \"Note\"=NULL WHERE \"Id\"=ANY($1) AND \"Status\"='Pending'", ids.ToArray()));
            batch.BatchCommands.Add(Command("""
                INSERT INTO conversation_states ("Key","Data","Version","ExpiresAtMs") SELECT v.k, v.d, 1, 1896477968952 FROM unnest($1,$2) AS v(k,d)
                ON CONFLICT ("Key") DO UPDATE SET "Data"=excluded."Data", "Version"=conversation_states."Version"+1, "ExpiresAtMs"=excluded."ExpiresAtMs"
                """, all.Select(t => ConversationStateRepository.Key(new ConversationKey(Channel.Line, User(t)))).ToArray(), all.Select(t => samples[t % samples.Count].State).ToArray()));
            batch.BatchCommands.Add(Command("""
                INSERT INTO contacts ("Channel","UserId","DisplayName","Language","LastUserMessageAtMs","IsFollowing","HasProfile","FirstSeenAtMs","UpdatedAtMs")
                SELECT 'line', v.u, 'ลูกค้า', 'th', v.t, true, true, v.t, v.t FROM unnest($1,$2) AS v(u,t)
                ON CONFLICT ("Channel","UserId") DO UPDATE SET "LastUserMessageAtMs"=excluded."LastUserMessageAtMs", "UpdatedAtMs"=excluded."UpdatedAtMs"
                """, all.Select(User).ToArray(), all.Select(t => 1796477968952L + t).ToArray()));
            var touch = all.SelectMany(t => samples[t % samples.Count].Touchpoints.Select(p => (Turn: t, Row: p))).ToList();
            batch.BatchCommands.Add(Command("""
                INSERT INTO touchpoints ("Conversation","Direction","Kind","Text","MessageId","AtMs","Unsent","Channel","UserId","Intent","IntentConfidence","Sentiment","SentimentScore","Outcome","CustomerId")
                SELECT v.c, v.d, v.k, v.x, v.m, v.a, false, 'line', v.u, v.i, v.ic, v.s, v.ss, v.o, v.cu FROM unnest($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13) AS v(c,d,k,x,m,a,u,i,ic,s,ss,o,cu)
                """,
                touch.Select(p => Conversation(p.Turn)).ToArray(), touch.Select(p => p.Row.Direction).ToArray(), touch.Select(p => p.Row.Kind).ToArray(),
                touch.Select(p => p.Row.Text).ToArray(), touch.Select(p => p.Row.Direction == "Inbound" ? (100_000_000_000L + p.Turn).ToString(CultureInfo.InvariantCulture) : null).ToArray(),
                touch.Select(p => 1796477968952L + p.Turn).ToArray(), touch.Select(p => User(p.Turn)).ToArray(), touch.Select(p => p.Row.Intent).ToArray(),
                touch.Select(p => p.Row.IntentConfidence).ToArray(), touch.Select(p => p.Row.Sentiment).ToArray(), touch.Select(p => p.Row.SentimentScore).ToArray(),
                touch.Select(p => p.Row.Outcome).ToArray(), touch.Select(p => (p.Turn % 10_000).ToString("x32", CultureInfo.InvariantCulture)).ToArray()));
            batch.BatchCommands.Add(Command("""
                INSERT INTO outbox ("Conversation","Kind","Status","Messages","IdempotencySeed","ReplyToken","ReplyTokenAtMs","EventAtMs","LastUserMessageAtMs","InResponse","CreatedAtMs","ExpiresAtMs","NextAttemptAtMs","LeaseUntilMs","LeaseOwner","Attempts","Progress","MayHaveBeenSent")
                SELECT v.c, 'Reply', 'Pending', v.m, v.s, v.r, 1796477968952, 1796477968952, 1796477968952, true, 1796477968952, 1796478268952, 1796477968952, 1796477978952, 'floor', 0, 0, false
                FROM unnest($1,$2,$3,$4) WITH ORDINALITY AS v(c,m,s,r,n) ORDER BY v.n RETURNING "Id"
                """, all.Select(Conversation).ToArray(), all.Select(t => samples[t % samples.Count].Messages).ToArray(),
                all.Select(t => "line:FLOOR" + t.ToString("D21", CultureInfo.InvariantCulture)).ToArray(), all.Select(t => Guid.NewGuid().ToString("N")).ToArray()));
            await using (var reader = await batch.ExecuteReaderAsync())
            {
                while (!reader.IsClosed && reader.FieldCount == 0 && await reader.NextResultAsync())
                {
                }

                while (await reader.ReadAsync())
                {
                    outbox.Add(reader.GetInt64(0));
                }
            }

            await transaction.CommitAsync();
        }

        await using var delivered = new NpgsqlCommand("DELETE FROM outbox WHERE \"Id\"=ANY(@o)", db);
        delivered.Parameters.AddWithValue("o", outbox.ToArray());
        await delivered.ExecuteNonQueryAsync();
    }

    /// <summary>Turns spread over 10,000 customers, as in the bench.</summary>
    private static string User(int turn) => "U" + (turn % 10_000).ToString("x32", CultureInfo.InvariantCulture);

    private static string Conversation(int turn) => "line:" + User(turn);

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }

    private static string? Text(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    private static double? Number(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetDouble(i);

    /// <summary>The server's first process, from its data folder (a server given by PG must run on this machine).</summary>
    private static async Task<int> PostmasterAsync(string connection)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        var folder = await ScalarAsync<string>(db, "SELECT setting FROM pg_settings WHERE name='data_directory'");
        return PostgresInstance.ServerProcessIdIn(folder) ?? throw new InvalidOperationException($"No server runs on {folder} on this machine.");
    }

    private static async Task<long> WalAsync(string connection)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        return (long)await ScalarAsync<decimal>(db, "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')");
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        await command.ExecuteNonQueryAsync();
    }
}
