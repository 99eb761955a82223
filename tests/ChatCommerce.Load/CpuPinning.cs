using System.Diagnostics;
using System.Globalization;

namespace ChatCommerce.Load;

/// <summary>
/// Keeps this process, and every process it starts from now on (PostgreSQL, Redis, bare Kestrel
/// unless pinned itself), off the host's CPU, so the host has that CPU to itself, as the bench
/// does with <c>taskset</c>. Without it the generator, the stand-in and the servers took about a
/// third of the host's CPU in a run. Linux only (<c>taskset</c>); elsewhere nothing changes.
/// </summary>
public static class CpuPinning
{
    /// <summary>The CPUs other than <paramref name="hostCpu"/> in <c>taskset</c>'s list form, or null when there are none.</summary>
    public static string? Others(int hostCpu, int cpuCount)
    {
        var others = Enumerable.Range(0, cpuCount).Where(c => c != hostCpu).ToList();
        return others.Count == 0 ? null : string.Join(',', others.Select(c => c.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>Moves every thread of this process to the other CPUs; threads and processes started later inherit it.</summary>
    public static void KeepOff(int? hostCpu)
    {
        if (hostCpu is not { } cpu || !File.Exists("/usr/bin/taskset") || Others(cpu, Environment.ProcessorCount) is not { } others)
        {
            return;
        }

        var info = new ProcessStartInfo("/usr/bin/taskset") { ArgumentList = { "-a", "-p", "-c", others, Environment.ProcessId.ToString(CultureInfo.InvariantCulture) }, RedirectStandardOutput = true, RedirectStandardError = true };
        using var taskset = Process.Start(info)!;
        taskset.WaitForExit();
        if (taskset.ExitCode != 0)
        {
            throw new InvalidOperationException($"taskset could not move the load tool off CPU {cpu}: {taskset.StandardError.ReadToEnd().Trim()}");
        }
    }
}
