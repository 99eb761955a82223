using System.Globalization;
using System.Text;
using ChatCommerce.Testing;

namespace ChatCommerce.Load;

/// <summary>The figures of one run in a comparison of two builds.</summary>
public sealed record RunFigures(bool Head, double AckRate, double TurnRate, double ReplyP99, double HostMicrosPerTurn, double? DatabaseMicrosPerTurn, double StealMax, bool Clean)
{
    public static RunFigures Of(bool head, LoadReport report) => new(
        head, report.AckRate, report.TurnRate, report.ReplyP99, report.HostMicrosPerTurn, report.DatabaseMicrosPerTurn,
        report.Steal.Count == 0 ? 0 : report.Steal.Values.Max(), report.Clean);
}

/// <summary>
/// Two builds measured against each other on the same machine in the same hour: this checkout
/// (the head) and another revision (the base), run after run in the order base, head, head,
/// base, … so that a machine growing slower or faster over the session weighs on both alike.
/// One run against one run says little here (the same build's turns moved by a fifth between
/// runs, and in a comparison of a build with itself two pairs put the database's CPU per turn of
/// one side wholly above the other's); the medians, each pair's ratio and the CPU each spends on
/// an answered turn say more, and only enough runs can tell a difference from chance.
/// </summary>
public static class Comparison
{
    /// <summary>Which build each run is (true: the head) for <paramref name="pairs"/> pairs: base, head, head, base, base, head, …</summary>
    public static IReadOnlyList<bool> Order(int pairs) =>
        Enumerable.Range(0, 2 * pairs).Select(i => (i % 4) is 1 or 2).ToList();

    public static string Format(IReadOnlyList<RunFigures> runs, string baseName, string headName)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine("run  build  acks/s  turns/s  reply p99 ms  host µs/turn  db µs/turn  steal %  clean");
        for (var i = 0; i < runs.Count; i++)
        {
            var r = runs[i];
            text.AppendLine(c, $"{i + 1,3}  {(r.Head ? "head" : "base"),-5}  {r.AckRate,6:0}  {r.TurnRate,7:0}  {r.ReplyP99,12:0.0}  {r.HostMicrosPerTurn,12:0}  {(r.DatabaseMicrosPerTurn is { } d ? d.ToString("0", c) : "-"),10}  {r.StealMax,7:0.0}  {(r.Clean ? "yes" : "NO")}");
        }

        var head = runs.Where(r => r.Head).ToList();
        var base_ = runs.Where(r => !r.Head).ToList();
        text.AppendLine(c, $"base = {baseName}, head = {headName}; medians, head against base:");
        Line(text, "turns/s", base_, head, r => r.TurnRate, higherIsBetter: true);
        Line(text, "acks/s", base_, head, r => r.AckRate, higherIsBetter: true);
        Line(text, "reply p99 ms", base_, head, r => r.ReplyP99, higherIsBetter: false);
        Line(text, "host µs/turn", base_, head, r => r.HostMicrosPerTurn, higherIsBetter: false);
        if (runs.All(r => r.DatabaseMicrosPerTurn is not null))
        {
            Line(text, "db µs/turn", base_, head, r => r.DatabaseMicrosPerTurn!.Value, higherIsBetter: false);
        }

        var ratios = PairRatios(runs, r => r.TurnRate);
        text.Append(c, $"turns/s, head over base in each pair: {string.Join(", ", ratios.Select(x => x.ToString("0.00", c)))}");
        return text.ToString();
    }

    /// <summary>For each pair of runs (the first two, the next two, …), the head's figure over the base's.</summary>
    public static IReadOnlyList<double> PairRatios(IReadOnlyList<RunFigures> runs, Func<RunFigures, double> figure)
    {
        var ratios = new List<double>();
        for (var i = 0; i + 1 < runs.Count; i += 2)
        {
            var (a, b) = (runs[i], runs[i + 1]);
            if (a.Head != b.Head)
            {
                var (head, base_) = a.Head ? (a, b) : (b, a);
                ratios.Add(figure(base_) == 0 ? 0 : figure(head) / figure(base_));
            }
        }

        return ratios;
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return 0;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>
    /// How often the runs of two identical builds would fall wholly apart, all of one build's
    /// above all of the other's or below them, by chance alone: 2 / C(n + m, n) for n and m runs
    /// (each order of the runs' ranks equally likely). Two runs each: 1 in 3; four each: 1 in 35.
    /// </summary>
    public static double ChanceApart(int baseRuns, int headRuns)
    {
        double ways = 1;
        for (var i = 1; i <= baseRuns; i++)
        {
            ways = ways * (headRuns + i) / i;
        }

        return Math.Min(1, 2 / ways);
    }

    /// <summary>
    /// The medians, their ratio, and a verdict: within the spread when the two builds' ranges
    /// overlap; better or worse when they are apart and identical builds would be apart so seldom
    /// (at most 1 in 20, <see cref="ChanceApart"/>) that chance is not the likely cause; otherwise
    /// apart, but too few runs to say.
    /// </summary>
    private static void Line(StringBuilder text, string name, IReadOnlyList<RunFigures> base_, IReadOnlyList<RunFigures> head, Func<RunFigures, double> figure, bool higherIsBetter)
    {
        var c = CultureInfo.InvariantCulture;
        if (base_.Count == 0 || head.Count == 0)
        {
            return;
        }

        var (b, h) = (Median(base_.Select(figure)), Median(head.Select(figure)));
        var (bLow, bHigh, hLow, hHigh) = (base_.Min(figure), base_.Max(figure), head.Min(figure), head.Max(figure));
        var chance = ChanceApart(base_.Count, head.Count);
        var verdict = !(hLow > bHigh || hHigh < bLow)
            ? "within the spread (ranges overlap)"
            : chance <= 0.05
                ? $"{((h > b) == higherIsBetter ? "better" : "worse")}, ranges apart (identical builds: 1 in {1 / chance:0})"
                : $"ranges apart, but so are identical builds' 1 time in {1 / chance:0}: more pairs needed";
        text.AppendLine(c, $"  {name,-13} base {b,8:0.0} [{bLow:0.0}–{bHigh:0.0}]  head {h,8:0.0} [{hLow:0.0}–{hHigh:0.0}]  ×{(b == 0 ? 0 : h / b):0.000}  {verdict}");
    }

    /// <summary>A detached worktree of <paramref name="revision"/> next to the temporary files, removed with the returned handle.</summary>
    public static async Task<Worktree> CheckOutAsync(string repoRoot, string revision)
    {
        var path = Path.Combine(Path.GetTempPath(), "cc-compare-" + Guid.NewGuid().ToString("N")[..8]);
        await ServerProcess.RunAsync("git", "-C", repoRoot, "worktree", "add", "--detach", path, revision);
        return new Worktree(repoRoot, path);
    }

    public sealed class Worktree(string repoRoot, string path) : IAsyncDisposable
    {
        public string Path { get; } = path;

        public async ValueTask DisposeAsync()
        {
            await ServerProcess.RunAsync("git", "-C", repoRoot, "worktree", "remove", "--force", Path);
            await ServerProcess.RunAsync("git", "-C", repoRoot, "worktree", "prune");
        }
    }
}
