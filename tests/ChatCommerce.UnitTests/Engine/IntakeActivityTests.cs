using ChatCommerce.Conversations.Turns;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ChatCommerce.UnitTests.Engine;

/// <summary>The signal the turns' grouped reads and commits wait on while the intake writes.</summary>
public sealed class IntakeActivityTests
{
    [Fact]
    public void WithNoWriteInFlightTurnsGoOnAtOnce()
    {
        var activity = Activity(new FakeTimeProvider(), TimeSpan.FromSeconds(5));

        Assert.True(activity.WhenQuietAsync().IsCompleted);
        activity.Begin();
        activity.End();
        Assert.True(activity.WhenQuietAsync().IsCompleted);
    }

    [Fact]
    public async Task ATurnWaitsUntilTheLastOfTheWritesInFlightEnds()
    {
        var time = new FakeTimeProvider();
        var activity = Activity(time, TimeSpan.FromSeconds(5));
        activity.Begin();
        activity.Begin();

        var waiting = activity.WhenQuietAsync();
        Assert.False(waiting.IsCompleted);
        activity.End();
        Assert.False(waiting.IsCompleted);
        activity.End();

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(activity.WhenQuietAsync().IsCompleted);
    }

    [Fact]
    public async Task ATurnIsNeverHeldLongerThanItsLimitHoweverBusyTheIntake()
    {
        var time = new FakeTimeProvider();
        var activity = Activity(time, TimeSpan.FromMilliseconds(50));
        activity.Begin();

        var waiting = activity.WhenQuietAsync();
        time.Advance(TimeSpan.FromMilliseconds(49));
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        // Still writing: the next wait starts its own limit, and a limit of zero never waits.
        Assert.False(activity.WhenQuietAsync().IsCompleted);
        var never = Activity(time, TimeSpan.Zero);
        never.Begin();
        Assert.True(never.WhenQuietAsync().IsCompleted);
    }

    private static IntakeActivity Activity(TimeProvider time, TimeSpan limit) =>
        new(time, Options.Create(new PipelineOptions { YieldToIntake = limit }));
}
