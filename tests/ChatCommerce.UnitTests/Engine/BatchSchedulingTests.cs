using System.Collections.Concurrent;
using System.Globalization;
using ChatCommerce.Conversations.Turns;
using ChatCommerce.Testing;

namespace ChatCommerce.UnitTests.Engine;

/// <summary>
/// The batch policy on a thread of the test's own (the test process's other threads keep theirs):
/// set and put back, and the thread's nice value kept through both. That every thread of a host
/// ends up under it is <c>HostSchedulingTests</c>' (a host process of its own).
/// </summary>
public sealed class BatchSchedulingTests
{
    [Fact]
    public void AThreadPutUnderTheBatchPolicyKeepsItsNice()
    {
        Assert.True(OperatingSystem.IsLinux(), "The product's hosts run on Linux; this test reads /proc.");
        // Asserted after the thread has ended: an assertion failing on a thread of its own would end the test process.
        var seen = new ConcurrentDictionary<string, (int Policy, int Nice)>();
        bool applied = false, reset = false;
        var parent = new Thread(() =>
        {
            var id = ThreadNice.CurrentThreadId();
            seen["before"] = Read(id);
            ThreadNice.LowerCurrent(7);
            applied = BatchScheduling.Apply(id);
            seen["after"] = Read(id);
            reset = BatchScheduling.Reset(id);
            seen["reset"] = Read(id);
        });
        parent.Start();
        parent.Join();

        Assert.True(applied);
        Assert.True(reset);
        Assert.Equal((0, 0), seen["before"]);
        Assert.Equal((3, 7), seen["after"]);
        Assert.Equal((0, 7), seen["reset"]);
    }

    private static (int Policy, int Nice) Read(int threadId) =>
        ThreadStat.Read($"/proc/self/task/{threadId.ToString(CultureInfo.InvariantCulture)}") is { } t ? (t.Policy, t.Nice) : throw new InvalidOperationException("The thread ended.");
}
