using System.Globalization;
using ChatCommerce.Language.Entities;

namespace ChatCommerce.Cli;

/// <summary>
/// Entity recall and precision per kind over a TSV of <c>text&lt;TAB&gt;expected</c>, where expected is
/// <c>kind=value</c> pairs separated by ';' (empty when the message names nothing). Values as the
/// extractor gives them (a SKU, a colour name, a size, a number, ten phone digits, <c>CC-</c> order
/// numbers, <c>yes</c> for an address), except money, which is written in baht. A pair counts once
/// for each time it is expected: "2 mango and 1 tea" expects two products and two quantities.
/// </summary>
public sealed record EntityEvaluation(IReadOnlyList<EntityEvaluation.Row> Rows)
{
    public sealed record Row(string Text, IReadOnlyList<(string Kind, string Value)> Expected, IReadOnlyList<(string Kind, string Value)> Found)
    {
        /// <summary>Expected pairs also found (each found pair matches at most one expected one).</summary>
        public IReadOnlyList<(string Kind, string Value)> Matched
        {
            get
            {
                var left = Found.ToList();
                var matched = new List<(string, string)>();
                foreach (var pair in Expected)
                {
                    if (left.Remove(pair))
                    {
                        matched.Add(pair);
                    }
                }

                return matched;
            }
        }
    }

    public static IReadOnlyList<(string Text, IReadOnlyList<(string Kind, string Value)> Expected)> ReadFile(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0].TrimEnd('\r') != "text\texpected")
        {
            throw new FormatException($"{path}: the first line must be 'text<TAB>expected'.");
        }

        var rows = new List<(string, IReadOnlyList<(string, string)>)>();
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var tab = line.IndexOf('\t');
            if (tab <= 0)
            {
                throw new FormatException($"{path}:{i + 1}: expected 'text<TAB>kind=value;kind=value'.");
            }

            var pairs = new List<(string, string)>();
            foreach (var part in line[(tab + 1)..].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var equals = part.IndexOf('=');
                if (equals <= 0 || equals == part.Length - 1)
                {
                    throw new FormatException($"{path}:{i + 1}: '{part}' is not kind=value.");
                }

                pairs.Add((part[..equals].Trim().ToLowerInvariant(), part[(equals + 1)..].Trim()));
            }

            rows.Add((line[..tab].Trim(), pairs));
        }

        return rows;
    }

    public static EntityEvaluation Run(IEnumerable<(string Text, IReadOnlyList<(string Kind, string Value)> Expected)> rows, Func<string, IReadOnlyList<Entity>> extract) =>
        new([.. rows.Select(r => new Row(r.Text, r.Expected, [.. extract(r.Text).Select(Pair)]))]);

    /// <summary>An extracted entity as the file writes it: money in baht, an address as "yes".</summary>
    public static (string Kind, string Value) Pair(Entity entity) => entity.Type switch
    {
        EntityType.Money => (entity.Type, (long.Parse(entity.Value, CultureInfo.InvariantCulture) / 100m).ToString("0.##", CultureInfo.InvariantCulture)),
        EntityType.Address => (entity.Type, "yes"),
        _ => (entity.Type, entity.Value),
    };

    public int ExpectedCount => Rows.Sum(r => r.Expected.Count);

    public int MatchedCount => Rows.Sum(r => r.Matched.Count);

    public double Recall => ExpectedCount == 0 ? 0 : (double)MatchedCount / ExpectedCount;

    public void Write(TextWriter output, bool showMisses)
    {
        var kinds = Rows.SelectMany(r => r.Expected.Concat(r.Found)).Select(p => p.Kind).Distinct().Order(StringComparer.Ordinal).ToList();
        output.WriteLine($"{"kind",-14} {"recall",7} {"precision",9} {"expected",8} {"found",6}");
        foreach (var kind in kinds)
        {
            var expected = Rows.Sum(r => r.Expected.Count(p => p.Kind == kind));
            var found = Rows.Sum(r => r.Found.Count(p => p.Kind == kind));
            var matched = Rows.Sum(r => r.Matched.Count(p => p.Kind == kind));
            output.WriteLine($"{kind,-14} {Ratio(matched, expected),7} {Ratio(matched, found),9} {expected,8} {found,6}");
        }

        var found1 = Rows.Sum(r => r.Found.Count);
        output.WriteLine($"precision over all kinds: {Ratio(MatchedCount, found1)} ({MatchedCount}/{found1})");
        if (showMisses)
        {
            foreach (var row in Rows)
            {
                var matched = row.Matched.ToList();
                var missed = row.Expected.ToList();
                var extra = row.Found.ToList();
                foreach (var pair in matched)
                {
                    missed.Remove(pair);
                    extra.Remove(pair);
                }

                if (missed.Count > 0 || extra.Count > 0)
                {
                    output.WriteLine($"  \"{row.Text}\": missed [{Join(missed)}] extra [{Join(extra)}]");
                }
            }
        }

        output.WriteLine($"entity recall: {Recall.ToString("0.000", CultureInfo.InvariantCulture)} ({MatchedCount}/{ExpectedCount})");
    }

    private static string Join(IEnumerable<(string Kind, string Value)> pairs) => string.Join("; ", pairs.Select(p => p.Kind + "=" + p.Value));

    private static string Ratio(int numerator, int denominator) =>
        denominator == 0 ? "-" : ((double)numerator / denominator).ToString("0.000", CultureInfo.InvariantCulture);
}
