using ChatCommerce.Conversations.Turns;

namespace ChatCommerce.UnitTests.Engine;

/// <summary>The dispatcher's extra workers take conversations only while the recent drains find about one event each.</summary>
public sealed class DrainSizesTests
{
    [Fact]
    public void AHostThatHasDrainedNothingYetCountsAsShort()
    {
        var sizes = new DrainSizes();

        Assert.True(sizes.IsShort);
        Assert.True(sizes.WhenShort().IsCompleted);
    }

    [Fact]
    public void ABacklogClosesTheGateAndSingleMessagesOpenItAgain()
    {
        var sizes = new DrainSizes();
        for (var i = 0; i < 8; i++)
        {
            sizes.Observe(12);
        }

        var waiting = sizes.WhenShort();
        Assert.False(sizes.IsShort);
        Assert.False(waiting.IsCompleted);
        Assert.True(sizes.Mean > DrainSizes.ShortMean);

        var drains = 0;
        while (!waiting.IsCompleted)
        {
            sizes.Observe(1);
            drains++;
            Assert.True(drains < 500, "single-event drains never opened the gate");
        }

        Assert.True(sizes.IsShort);
        Assert.True(sizes.Mean <= DrainSizes.ShortMean);
        // About a window's worth of single drains, not one: a moment's lull in a backlog does not open it.
        Assert.InRange(drains, 32, 200);
    }

    [Fact]
    public void OneLongDrainAmongSingleMessagesKeepsTheGateOpen()
    {
        var sizes = new DrainSizes();
        for (var i = 0; i < 100; i++)
        {
            sizes.Observe(1);
        }

        sizes.Observe(9);

        Assert.True(sizes.IsShort);
    }

    [Fact]
    public void DrainsThatFoundNothingAreNotCounted()
    {
        var sizes = new DrainSizes();
        for (var i = 0; i < 10; i++)
        {
            sizes.Observe(20);
        }

        var mean = sizes.Mean;
        for (var i = 0; i < 100; i++)
        {
            sizes.Observe(0);
        }

        Assert.Equal(mean, sizes.Mean);
        Assert.False(sizes.IsShort);
    }

    [Fact]
    public async Task AWorkerWaitingAtTheGateGoesOnWhenTheDrainsBecomeShort()
    {
        var sizes = new DrainSizes();
        for (var i = 0; i < 8; i++)
        {
            sizes.Observe(30);
        }

        var gate = sizes.WhenShort();
        var released = gate.ContinueWith(_ => true, TaskScheduler.Default);
        Assert.False(gate.IsCompleted);
        for (var i = 0; i < 300 && !gate.IsCompleted; i++)
        {
            sizes.Observe(1);
        }

        Assert.True(await released.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
