using System.Globalization;
using ChatCommerce.Conversations.Turns;

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

    [Fact]
    public async Task WorkQueuedAfterDisposalStillRuns()
    {
        var scheduler = new TurnScheduler(1, 5);
        scheduler.Dispose();
        Assert.Equal(42, await On(scheduler, () => 42).WaitAsync(TimeSpan.FromSeconds(10)));
    }

    /// <summary>Field 19 of /proc/thread-self/stat: the calling thread's nice value.</summary>
    private static int NiceOfThisThread()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[19 - 3], CultureInfo.InvariantCulture);
    }
}
