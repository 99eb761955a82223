using System.Globalization;

namespace ChatCommerce.Load;

/// <summary>
/// The CPU time of a server and of the processes it started (PostgreSQL: the postmaster, its
/// backends and its background workers), from <c>/proc</c>: the server's own user and system
/// time, what its children that have ended left to it (<c>cutime</c>, <c>cstime</c>), and the
/// time of the children still running. Zero where <c>/proc</c> is not there.
/// </summary>
public static class ProcessTreeCpu
{
    /// <summary>Clock ticks a second in <c>/proc</c>'s figures (USER_HZ, 100 on Linux whatever the kernel's own rate).</summary>
    private const double TicksPerSecond = 100;

    public static double Seconds(int rootPid)
    {
        if (Read(rootPid) is not { } root)
        {
            return 0;
        }

        var ticks = root.Own + root.EndedChildren;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid != rootPid && Read(pid) is { } child && child.Parent == rootPid)
            {
                ticks += child.Own;
            }
        }

        return ticks / TicksPerSecond;
    }

    /// <summary>
    /// A process's parent, its own user + system ticks, and the ticks of its ended children, from
    /// its <c>/proc/PID/stat</c> line (the name in parentheses may hold spaces and parentheses, so
    /// the fields are counted from the last ')').
    /// </summary>
    public static (int Parent, long Own, long EndedChildren)? Parse(string statLine)
    {
        var end = statLine.LastIndexOf(')');
        if (end < 0)
        {
            return null;
        }

        // After the name: state(3) ppid(4) … utime(14) stime(15) cutime(16) cstime(17).
        var fields = statLine[(end + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 15)
        {
            return null;
        }

        long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
        return ((int)Field(4), Field(14) + Field(15), Field(16) + Field(17));
    }

    private static (int Parent, long Own, long EndedChildren)? Read(int pid)
    {
        try
        {
            return Parse(File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat"));
        }
        catch (IOException)
        {
            return null; // ended meanwhile
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
