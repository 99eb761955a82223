using System.Globalization;
using System.Runtime.InteropServices;

namespace ChatCommerce.Conversations.Turns;

/// <summary>
/// Puts the process's threads under Linux's batch scheduling policy (<c>SCHED_BATCH</c>): the
/// same share of the CPU and the same nice values as the default policy, but a thread that wakes
/// does not preempt the one running; it runs when that one blocks or its time slice ends. The
/// host's work is a relay of many short steps between threads (a socket's completion, a pool
/// thread, the intake's write, a turn's thread), and on a core with little to spare each step's
/// wake-up otherwise switched the running thread out at once: at 1,000 webhooks a second the
/// thread pool switched threads twelve times an acknowledgement, half of them preemptions. With
/// every thread batch-scheduled the same load made a third of the switches, and the host spent a
/// sixth to a quarter less CPU a turn. The host applies it to every thread as it is built; the
/// threads the runtime makes after that were found under it too (every one of a host's threads
/// right after its start), and <see cref="ApplyToProcess"/> is called again every few seconds for
/// any that is not, and to keep the socket engine's thread under the default policy (see
/// <see cref="SocketThreadName"/>).
/// </summary>
public static class BatchScheduling
{
    private const int SchedOther = 0;
    private const int SchedBatch = 3;

    /// <summary>
    /// The runtime's socket engine thread (it moves each socket's completion onto the pool) keeps
    /// the default policy: a webhook arriving or the database answering still preempts a turn, so
    /// acknowledgements keep their place ahead of the turns (which run at a lower nice value). With
    /// it batch-scheduled too, the end-to-end bench's flood acknowledged 2,617–2,860 a second
    /// against 3,251–3,325 (and 3,718–4,577 before any thread was batch-scheduled, the same hour).
    /// </summary>
    public const string SocketThreadName = ".NET Sockets";

    /// <summary>Puts one thread (its kernel id) under the batch policy; false where that is not possible.</summary>
    public static bool Apply(int threadId) => OperatingSystem.IsLinux() && Set(threadId, SchedBatch);

    /// <summary>Puts one thread back under the default policy (tests).</summary>
    public static bool Reset(int threadId) => OperatingSystem.IsLinux() && Set(threadId, SchedOther);

    /// <summary>
    /// Every thread of this process under the default policy is put under the batch policy, but the
    /// socket engine's, which is put back under the default one if it inherited the batch policy;
    /// returns how many threads were put under it.
    /// </summary>
    public static int ApplyToProcess()
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        var changed = 0;
        string[] threads;
        try
        {
            threads = Directory.GetDirectories("/proc/self/task");
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }

        foreach (var dir in threads)
        {
            // A thread may end between the listing and the call: its id then fails, nothing more.
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                continue;
            }

            if (Name(dir).StartsWith(SocketThreadName, StringComparison.Ordinal))
            {
                // Made after the host put its first threads under the policy, it took the policy too.
                if (GetScheduler(id) == SchedBatch)
                {
                    Set(id, SchedOther);
                }

                continue;
            }

            if (GetScheduler(id) == SchedOther && Set(id, SchedBatch))
            {
                changed++;
            }
        }

        return changed;
    }

    private static string Name(string dir)
    {
        try
        {
            return File.ReadAllText(Path.Combine(dir, "comm")).Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static bool Set(int threadId, int policy)
    {
        var parameter = new SchedParam { Priority = 0 };
        return SetScheduler(threadId, policy, ref parameter) == 0;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct SchedParam
    {
        public int Priority;
    }

    [DllImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    private static extern int SetScheduler(int pid, int policy, ref SchedParam parameter);

    [DllImport("libc", EntryPoint = "sched_getscheduler", SetLastError = true)]
    private static extern int GetScheduler(int pid);
}
