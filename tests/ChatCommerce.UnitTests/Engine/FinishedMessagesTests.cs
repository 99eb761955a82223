using ChatCommerce.Conversations.Outbox;

namespace ChatCommerce.UnitTests.Engine;

/// <summary>The messages an instance finished with: the newest up to the capacity, each once.</summary>
public sealed class FinishedMessagesTests
{
    [Fact]
    public void AMessageFinishedIsKnownAndOneNotFinishedIsNot()
    {
        var finished = new FinishedMessages();
        finished.Add(["line:e1", "messenger:m_1"]);

        Assert.True(finished.Contains("messenger:m_1"));
        Assert.True(finished.Contains("line:e1"));
        Assert.False(finished.Contains("messenger:m_2"));
        Assert.False(finished.Contains("messenger:m_"));
    }

    [Fact]
    public void BeyondItsCapacityTheOldestAreForgottenAndARepeatDoesNotCountTwice()
    {
        var finished = new FinishedMessages(capacity: 3);
        finished.Add(["a", "b", "a", "c"]);
        Assert.All(new[] { "a", "b", "c" }, s => Assert.True(finished.Contains(s)));

        finished.Add(["d"]);
        Assert.False(finished.Contains("a"));
        Assert.All(new[] { "b", "c", "d" }, s => Assert.True(finished.Contains(s)));

        finished.Add(["e", "f"]);
        Assert.Equal([false, false, true, true, true], new[] { "b", "c", "d", "e", "f" }.Select(finished.Contains));
    }
}
