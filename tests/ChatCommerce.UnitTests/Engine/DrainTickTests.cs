using ChatCommerce.Conversations.Turns;

namespace ChatCommerce.UnitTests.Engine;

/// <summary>New events' conversations are handed to the workers at the end of a tick: never before their wait, together with the others due in that tick.</summary>
public sealed class DrainTickTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);

    [Fact]
    public void NoEventWaitsLessThanTheWindowNorMoreThanTheWindowAndATick()
    {
        var random = new Random(20261205);
        var start = new DateTimeOffset(2026, 12, 5, 16, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 10_000; i++)
        {
            var now = start.AddTicks(random.NextInt64(TimeSpan.TicksPerHour));
            var released = ConversationDispatcher.ReleaseAt(now, Window, Tick);

            Assert.InRange(released - now, Window, Window + Tick);
            Assert.Equal(0, released.UtcTicks % Tick.Ticks);
        }
    }

    [Fact]
    public void EventsStoredWithinOneTickAreReleasedTogetherAndTheNextTicksLater()
    {
        var tickStart = new DateTimeOffset(2026, 12, 5, 16, 0, 0, 100, TimeSpan.Zero);
        var first = ConversationDispatcher.ReleaseAt(tickStart.AddTicks(1), Window, Tick);
        var last = ConversationDispatcher.ReleaseAt(tickStart + Tick, Window, Tick);
        var next = ConversationDispatcher.ReleaseAt(tickStart + Tick + TimeSpan.FromMilliseconds(1), Window, Tick);

        Assert.Equal(first, last);
        Assert.Equal(tickStart + Window + Tick, first);
        Assert.Equal(first + Tick, next);
    }

    [Fact]
    public void NoDelayIsNowAndNoTickIsTheDelayItself()
    {
        var now = new DateTimeOffset(2026, 12, 5, 16, 0, 0, 7, TimeSpan.Zero).AddTicks(3);

        Assert.Equal(now, ConversationDispatcher.ReleaseAt(now, TimeSpan.Zero, Tick));
        Assert.Equal(now, ConversationDispatcher.ReleaseAt(now, TimeSpan.FromMilliseconds(-5), Tick));
        Assert.Equal(now + Window, ConversationDispatcher.ReleaseAt(now, Window, TimeSpan.Zero));
    }
}
