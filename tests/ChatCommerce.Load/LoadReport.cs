using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ChatCommerce.Load;

/// <summary>The figures of one measured run.</summary>
public sealed record LoadReport(
    string Mode,
    double LoadSeconds,
    GeneratorCounts Webhooks,
    double AckRate,
    double AckP50,
    double AckP99,
    long Acknowledged,
    long Answered,
    long Lost,
    long Duplicates,
    double TurnRate,
    double ReplyP50,
    double ReplyP99,
    PlatformCounts Platform,
    double HostCpuSeconds,
    long RssMiB,
    long PeakMiB,
    DatabaseCheck Database)
{
    /// <summary>A few events answered more than once, with what was delivered for them.</summary>
    public IReadOnlyList<string> DuplicateExamples { get; init; } = [];

    /// <summary>Each CPU's share taken by the hypervisor from the load's start to the last answer (<see cref="CpuSteal"/>).</summary>
    public IReadOnlyDictionary<string, double> Steal { get; init; } = new Dictionary<string, double>();

    /// <summary>
    /// The CPU time of the PostgreSQL server the rig started, from the load's start to the last
    /// answer (null in embedded mode or with a server given). Steadier than the rates from one run
    /// to the next: the first figure to compare when two builds are measured against each other.
    /// </summary>
    public double? DatabaseCpuSeconds { get; init; }

    /// <summary>This tool's own CPU time over the same span (generator and stand-in platform): it shares a CPU with the servers.</summary>
    public double ToolCpuSeconds { get; init; }

    public double ToolMicrosPerTurn => Answered == 0 ? 0 : ToolCpuSeconds * 1e6 / Answered;

    /// <summary>Host CPU per answered turn, in µs (acknowledgements included).</summary>
    public double HostMicrosPerTurn => Answered == 0 ? 0 : HostCpuSeconds * 1e6 / Answered;

    /// <summary>Database CPU per answered turn, in µs, when it was measured.</summary>
    public double? DatabaseMicrosPerTurn => DatabaseCpuSeconds is { } s && Answered > 0 ? s * 1e6 / Answered : null;

    /// <summary>Measured on bare Kestrel in the same run, when it was.</summary>
    public AnchorFigures? Anchor { get; init; }

    public bool Clean => Lost == 0 && Duplicates == 0 && Database.AppliedTwice == 0 && Database.Unhandled == 0;

    public static LoadReport Build(LoadRig rig, LoadGenerator generator, double loadSeconds, double cpu, (long Rss, long Peak) memory, DatabaseCheck database)
    {
        var events = rig.Platform.Events.Where(e => e.Acknowledged).ToList();
        var answered = events.Where(e => e.Answered).ToList();
        var replies = new Latencies();
        foreach (var e in answered)
        {
            replies.Add(e.SentAt, e.AnsweredAt);
        }

        var span = answered.Count < 2 ? 1 : Stopwatch.GetElapsedTime(answered.Min(e => e.AnsweredAt), answered.Max(e => e.AnsweredAt)).TotalSeconds;
        var counts = generator.Counts;
        return new LoadReport(
            rig.Settings.Production ? "production (PostgreSQL + Redis)" : "embedded (SQLite)",
            loadSeconds,
            counts,
            counts.Acknowledged / loadSeconds,
            generator.Acks.Percentile(50),
            generator.Acks.Percentile(99),
            events.Count,
            answered.Count,
            events.Count - answered.Count,
            rig.Platform.Events.Sum(e => (long)e.Duplicates),
            answered.Count / Math.Max(span, 0.001),
            replies.Percentile(50),
            replies.Percentile(99),
            rig.Platform.Counts,
            cpu,
            memory.Rss,
            memory.Peak,
            database)
        {
            DuplicateExamples = rig.Platform.Events.Where(e => e.Duplicates > 0).Take(5).Select(e => $"{e.Seed}: {e.History}").ToList(),
        };
    }

    public string Format()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"mode: {Mode}; load {LoadSeconds:0.0} s");
        text.AppendLine(c, $"webhooks: {Webhooks.Posted:N0} posted, {Webhooks.Acknowledged:N0} acknowledged ({AckRate:N0}/s), {Webhooks.Refused:N0} refused, {Webhooks.Failed:N0} not delivered; ack p50 {AckP50:0.0} ms, p99 {AckP99:0.0} ms");
        text.AppendLine(c, $"answers: {Answered:N0} of {Acknowledged:N0} events, {TurnRate:N0} turns/s end to end; reply p50 {ReplyP50:0.0} ms, p99 {ReplyP99:0.0} ms");
        text.AppendLine(c, $"lost {Lost}, duplicate replies {Duplicates}, turns applied twice {Database.AppliedTwice}, events unhandled in the database {Database.Unhandled}");
        foreach (var e in DuplicateExamples)
        {
            text.AppendLine(c, $"  duplicate: {e}");
        }

        foreach (var e in Database.LostExamples)
        {
            text.AppendLine(c, $"  not answered: {e}");
        }

        text.AppendLine(c, $"platform: {Platform.Replies:N0} replies, {Platform.Pushes:N0} pushes, {Platform.MessengerSends:N0} Messenger sends, {Platform.RepeatedRetryKeys} repeated retry keys (409), {Platform.ReusedReplyTokens} used reply tokens tried again, {Platform.Unmatched} unmatched");
        text.AppendLine(c, $"host: {HostCpuSeconds:0.0} CPU s ({HostMicrosPerTurn:N0} µs per answered turn), RSS {RssMiB} MiB, peak {PeakMiB} MiB");
        if (DatabaseCpuSeconds is { } database)
        {
            text.AppendLine(c, $"PostgreSQL: {database:0.0} CPU s ({DatabaseMicrosPerTurn:N0} µs per answered turn)");
        }

        text.AppendLine(c, $"this tool (generator and stand-in platform, on the servers' CPU): {ToolCpuSeconds:0.0} CPU s ({ToolMicrosPerTurn:N0} µs per answered turn)");
        if (Steal.Count > 0)
        {
            text.AppendLine(c, $"hypervisor steal from the load's start to the last answer: {string.Join(", ", Steal.Select(s => $"{s.Key} {s.Value:0.0}%"))}");
        }

        text.AppendLine(c, $"database: {string.Join(", ", Database.Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Value:N0}"))}; {Database.InboundInteractions:N0} inbound interactions");
        if (Anchor is { } a)
        {
            text.AppendLine(c, $"bare Kestrel, same CPU and load: {a.Rate:N0} req/s, p99 {a.P99:0.0} ms; acks {AckRate / a.Rate:0.000} of it, turns {TurnRate / a.Rate:0.0000} of it");
        }

        text.Append(c, $"RESULT ack_rps={AckRate:0} ack_p50_ms={AckP50:0.00} ack_p99_ms={AckP99:0.00} turns_per_s={TurnRate:0} reply_p50_ms={ReplyP50:0.0} reply_p99_ms={ReplyP99:0.0} acked={Acknowledged} answered={Answered} lost={Lost} dup={Duplicates} twice={Database.AppliedTwice} rss_mib={RssMiB} peak_mib={PeakMiB} host_us_per_turn={HostMicrosPerTurn:0}");
        if (DatabaseMicrosPerTurn is { } databaseMicros)
        {
            text.Append(c, $" db_us_per_turn={databaseMicros:0}");
        }

        text.Append(c, $" tool_us_per_turn={ToolMicrosPerTurn:0}");
        if (Steal.Count > 0)
        {
            text.Append(c, $" steal_pct_max={Steal.Values.Max():0.0}");
        }

        if (Anchor is { } anchor)
        {
            text.Append(c, $" anchor_rps={anchor.Rate:0} ack_ratio={AckRate / anchor.Rate:0.000} turns_ratio={TurnRate / anchor.Rate:0.0000}");
        }

        return text.ToString();
    }
}

public sealed record AnchorFigures(double Rate, double P99);
