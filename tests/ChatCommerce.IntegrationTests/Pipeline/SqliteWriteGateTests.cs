using ChatCommerce.Infrastructure.Data;

namespace ChatCommerce.IntegrationTests.Pipeline;

public sealed class SqliteWriteGateTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task UrgentWritersGoFirstAndOthersKeepTheirOrder()
    {
        var gate = new SqliteWriteGate();
        var order = new List<string>();
        var first = await gate.EnterAsync(urgent: false, CancellationToken.None);

        var a = Take(gate, "a", urgent: false, order);
        var b = Take(gate, "b", urgent: false, order);
        var intake = Take(gate, "intake", urgent: true, order);
        Assert.False(a.IsCompleted || b.IsCompleted || intake.IsCompleted);

        first.Dispose();
        await Task.WhenAll(a, b, intake).WaitAsync(Patience);
        Assert.Equal(["intake", "a", "b"], order);
    }

    [Fact]
    public async Task ACancelledWaiterIsSkippedAndTheGateStillPasses()
    {
        var gate = new SqliteWriteGate();
        var holder = await gate.EnterAsync(urgent: false, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var gaveUp = gate.EnterAsync(urgent: true, cancel.Token);
        var next = gate.EnterAsync(urgent: false, CancellationToken.None);

        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gaveUp);
        Assert.False(next.IsCompleted);

        holder.Dispose();
        var hold = await next.WaitAsync(Patience);
        hold.Dispose();
        hold.Dispose(); // a second release changes nothing

        using var again = await gate.EnterAsync(urgent: false, CancellationToken.None).WaitAsync(Patience);
        Assert.False(gate.EnterAsync(urgent: false, CancellationToken.None).IsCompleted);
    }

    /// <summary>
    /// Turns share a few CPU slots. A writer that yields while it holds the gate needs a slot to
    /// come back: writers waiting for the gate must not sit on every slot meanwhile (the stall
    /// fault scenarios met once basket activity was written mid-turn).
    /// </summary>
    [Fact]
    public async Task WritersWaitingForTheGateLeaveTheTurnSlotsToTheWriterHoldingIt()
    {
        var gate = new SqliteWriteGate();
        var slots = new ConcurrentExclusiveSchedulerPair(TaskScheduler.Default, maxConcurrencyLevel: 2).ConcurrentScheduler;
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var holder = Run(slots, async () =>
        {
            using (await gate.EnterAsync(urgent: false, CancellationToken.None))
            {
                holding.SetResult();
                await resume.Task; // comes back on the slots' scheduler
            }
        });
        await holding.Task.WaitAsync(Patience);

        var waiters = Enumerable.Range(0, 4).Select(_ => Run(slots, async () =>
        {
            using (await gate.EnterAsync(urgent: false, CancellationToken.None))
            {
            }
        })).ToArray();
        await Task.Delay(100); // let the waiters reach the gate and take the slots if they would

        resume.SetResult();
        await Task.WhenAll(waiters.Append(holder)).WaitAsync(Patience);
    }

    private static Task Run(TaskScheduler scheduler, Func<Task> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.None, scheduler).Unwrap();

    private static async Task Take(SqliteWriteGate gate, string name, bool urgent, List<string> order)
    {
        using (await gate.EnterAsync(urgent, CancellationToken.None))
        {
            order.Add(name);
        }
    }
}
