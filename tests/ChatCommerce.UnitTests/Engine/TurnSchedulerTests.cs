using System.Diagnostics;
using ChatCommerce.Conversations.Turns;
using ChatCommerce.Testing;

namespace ChatCommerce.UnitTests.Engine;

public sealed class TurnSchedulerTests
{
    private static Task<T> On<T>(TaskScheduler scheduler, Func<T> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.None, scheduler);

    [Fact]
    public async Task WorkRunsOnTheTurnThreadsInTheOrderQueuedAndItsContinuationsStayThere()
    {
        using var scheduler = new TurnScheduler(1, 10);
        var order = new List<int>();
        var tasks = Enumerable.Range(0, 50).Select(i => On(scheduler, () =>
        {
            order.Add(i); // one thread: no two run at once
            return Thread.CurrentThread.Name;
        })).ToList();

        Assert.All(await Task.WhenAll(tasks), name => Assert.Equal("turns-0", name));
        Assert.Equal(Enumerable.Range(0, 50), order);

        var after = await On(scheduler, async () =>
        {
            await Task.Delay(10);
            return Thread.CurrentThread.Name;
        }).Unwrap();
        Assert.Equal("turns-0", after);
    }

    [Fact]
    public async Task TheTurnThreadsRunAtTheLowerPriorityAsked()
    {
        using var lower = new TurnScheduler(2, 10);
        using var same = new TurnScheduler(1, 0);
        if (!OperatingSystem.IsLinux())
        {
            Assert.Equal(ThreadPriority.BelowNormal, await On(lower, () => Thread.CurrentThread.Priority));
            return;
        }

        var own = NiceOfThisThread();
        Assert.Equal(Math.Min(19, own + 10), await On(lower, NiceOfThisThread));
        Assert.Equal(own, await On(same, NiceOfThisThread));
        Assert.Equal(2, lower.MaximumConcurrencyLevel);
    }

    /// <summary>
    /// A thread that has worked a slice without waiting offers the core to others between two
    /// pieces of work; with no slice set (the default) it never does.
    /// </summary>
    [Fact]
    public async Task TheThreadYieldsBetweenPiecesOfWorkOnceItHasRunASlice()
    {
        using var busy = new TurnScheduler(1, 0, TimeSpan.FromMilliseconds(1));
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => On(busy, () => Spin(TimeSpan.FromMilliseconds(3)))));
        Assert.Equal(20, await Settled(() => busy.Yields)); // every piece ran past the slice on its own

        using var longSlice = new TurnScheduler(1, 0, TimeSpan.FromHours(1));
        using var unset = new TurnScheduler(1, 0);
        foreach (var never in new[] { longSlice, unset })
        {
            await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => On(never, () => Spin(TimeSpan.FromMilliseconds(3)))));
            Assert.Equal(0, never.Yields);
        }

        using var everyPiece = new TurnScheduler(1, 0, TimeSpan.Zero);
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => On(everyPiece, () => 0)));
        Assert.Equal(20, await Settled(() => everyPiece.Yields));
    }

    // The thread counts a yield just after the piece of work it follows has completed.
    private static async Task<long> Settled(Func<long> count)
    {
        for (var i = 0; i < 100 && count() < 20; i++)
        {
            await Task.Delay(20);
        }

        return count();
    }

    private static int Spin(TimeSpan time)
    {
        var until = Stopwatch.GetTimestamp() + (long)(time.TotalSeconds * Stopwatch.Frequency);
        var turns = 0;
        while (Stopwatch.GetTimestamp() < until)
        {
            turns++;
        }

        return turns;
    }

    [Fact]
    public async Task WorkQueuedAfterDisposalStillRuns()
    {
        var scheduler = new TurnScheduler(1, 5);
        scheduler.Dispose();
        Assert.Equal(42, await On(scheduler, () => 42).WaitAsync(TimeSpan.FromSeconds(10)));
    }

    /// <summary>The calling thread's nice value.</summary>
    private static int NiceOfThisThread() =>
        ThreadStat.Read("/proc/thread-self") is { } thread ? thread.Nice : throw new InvalidOperationException("No /proc/thread-self.");
}
