using System.Runtime.InteropServices;

namespace ChatCommerce.Conversations.Turns;

/// <summary>
/// Lowers the operating-system priority of the calling thread, for work that should use only what
/// the webhooks leave of the CPU. On Linux this is the thread's nice value (a property of each
/// thread there; an unprivileged process may always lower its own), because .NET's
/// <see cref="Thread.Priority"/> has no effect on Unix; elsewhere the thread runs below normal.
/// </summary>
public static class ThreadNice
{
    private const int PriorityOfProcess = 0;

    /// <param name="nice">0 (unchanged) to 19 (lowest).</param>
    public static void LowerCurrent(int nice)
    {
        nice = Math.Clamp(nice, 0, 19);
        if (nice == 0)
        {
            return;
        }

        if (OperatingSystem.IsLinux())
        {
            // who = the calling thread's kernel id. A failure leaves the priority as it was.
            _ = SetPriority(PriorityOfProcess, (uint)CurrentThreadId(), nice);
        }
        else
        {
            Thread.CurrentThread.Priority = ThreadPriority.BelowNormal;
        }
    }

    /// <summary>The calling thread's kernel id on Linux (0 elsewhere): what per-thread priority and policy calls take.</summary>
    public static int CurrentThreadId() => OperatingSystem.IsLinux() ? GetThreadId() : 0;

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(int which, uint who, int priority);

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetThreadId();
}
