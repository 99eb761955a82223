using ChatCommerce.Conversations.Turns;
using Microsoft.Extensions.Time.Testing;

namespace ChatCommerce.UnitTests.Engine;

/// <summary>The signal the turns' grouped reads and commits wait on while the intake writes.</summary>
public sealed class IntakeActivityTests
{
    [Fact]
    public void WithNoWriteInFlightTurnsGoOnAtOnce()
    {
        var activity = new IntakeActivity(new FakeTimeProvider());

        Assert.True(activity.WhenQuietAsync(TimeSpan.FromSeconds(5)).IsCompleted);
        activity.Begin();
        activity.End();
        Assert.True(activity.WhenQuietAsync(TimeSpan.FromSeconds(5)).IsCompleted);
    }

    [Fact]
    public async Task ATurnWaitsUntilTheLastOfTheWritesInFlightEnds()
    {
        var time = new FakeTimeProvider();
        var activity = new IntakeActivity(time);
        activity.Begin();
        activity.Begin();

        var waiting = activity.WhenQuietAsync(TimeSpan.FromSeconds(5));
        Assert.False(waiting.IsCompleted);
        activity.End();
        Assert.False(waiting.IsCompleted);
        activity.End();

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(activity.WhenQuietAsync(TimeSpan.FromSeconds(5)).IsCompleted);
    }

    [Fact]
    public async Task ATurnIsNeverHeldLongerThanItsLimitHoweverBusyTheIntake()
    {
        var time = new FakeTimeProvider();
        var activity = new IntakeActivity(time);
        activity.Begin();

        var waiting = activity.WhenQuietAsync(TimeSpan.FromMilliseconds(50));
        time.Advance(TimeSpan.FromMilliseconds(49));
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        // Still writing: the next wait starts its own limit, and a limit of zero never waits.
        Assert.False(activity.WhenQuietAsync(TimeSpan.FromMilliseconds(50)).IsCompleted);
        Assert.True(activity.WhenQuietAsync(TimeSpan.Zero).IsCompleted);
    }
}
