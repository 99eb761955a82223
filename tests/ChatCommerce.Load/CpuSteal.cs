using System.Globalization;

namespace ChatCommerce.Load;

/// <summary>
/// The share of each CPU's time the hypervisor gave to other guests ("steal", from
/// <c>/proc/stat</c>) between two readings. On a shared virtual machine it moved this machine's
/// figures by up to a fifth from one run to the next, so a run reports it beside its figures.
/// Empty where <c>/proc/stat</c> is not there.
/// </summary>
public sealed class CpuSteal
{
    private readonly Dictionary<string, long[]> _start = Read();

    /// <summary>Each CPU's steal since this reading began, in percent of its time, by CPU name (<c>cpu0</c>, …).</summary>
    public IReadOnlyDictionary<string, double> Since() => Between(_start, Read());

    /// <summary>Each CPU's steal between two readings of <c>/proc/stat</c> (see <see cref="Parse"/>).</summary>
    public static IReadOnlyDictionary<string, double> Between(IReadOnlyDictionary<string, long[]> before, IReadOnlyDictionary<string, long[]> now)
    {
        var shares = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (cpu, start) in before)
        {
            if (!now.TryGetValue(cpu, out var end))
            {
                continue;
            }

            // user nice system idle iowait irq softirq steal: the time the CPU was accounted for.
            var total = 0L;
            for (var i = 0; i < 8 && i < start.Length; i++)
            {
                total += end[i] - start[i];
            }

            shares[cpu] = total <= 0 || start.Length < 8 ? 0 : 100.0 * (end[7] - start[7]) / total;
        }

        return shares;
    }

    private static Dictionary<string, long[]> Read() => File.Exists("/proc/stat") ? Parse(File.ReadLines("/proc/stat")) : [];

    /// <summary>Each CPU's counters (user, nice, system, idle, iowait, irq, softirq, steal, …) from the lines of <c>/proc/stat</c>.</summary>
    public static Dictionary<string, long[]> Parse(IEnumerable<string> lines)
    {
        var cpus = new Dictionary<string, long[]>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // "cpu" is the sum of all; "cpu0", "cpu1", … each CPU.
            if (fields.Length > 8 && fields[0].StartsWith("cpu", StringComparison.Ordinal) && fields[0].Length > 3)
            {
                cpus[fields[0]] = fields.Skip(1).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            }
        }

        return cpus;
    }
}
