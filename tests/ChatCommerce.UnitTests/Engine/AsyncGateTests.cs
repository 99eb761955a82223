using ChatCommerce.Conversations.Turns;

namespace ChatCommerce.UnitTests.Engine;

/// <summary>The gate the intake's quiet moments and the dispatcher's extra workers wait at.</summary>
public sealed class AsyncGateTests
{
    [Fact]
    public async Task AWaiterAtAShutGatePassesWhenItOpensAndNotBefore()
    {
        var gate = new AsyncGate(open: false);
        var waiting = gate.WhenOpen();
        gate.Shut();

        Assert.False(gate.IsOpen);
        Assert.False(waiting.IsCompleted);

        gate.Open();
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(gate.IsOpen);
    }

    [Fact]
    public void ShuttingAnOpenGateHoldsTheNextWaiterAndOpeningTwiceIsOnce()
    {
        var gate = new AsyncGate(open: true);
        var before = gate.WhenOpen();
        gate.Open();
        gate.Shut();
        var after = gate.WhenOpen();

        Assert.True(before.IsCompleted);
        Assert.False(after.IsCompleted);
        gate.Shut();
        Assert.Same(after, gate.WhenOpen());
    }
}
