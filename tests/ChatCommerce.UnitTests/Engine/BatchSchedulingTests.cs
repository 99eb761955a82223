using System.Collections.Concurrent;
using System.Globalization;
using ChatCommerce.Conversations.Turns;

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
        var seen = new ConcurrentDictionary<string, (int Policy, int Nice)>();
        var parent = new Thread(() =>
        {
            var id = BatchScheduling.CurrentThreadId();
            seen["before"] = Read(id);
            ThreadNice.LowerCurrent(7);
            Assert.True(BatchScheduling.Apply(id));
            seen["after"] = Read(id);
            Assert.True(BatchScheduling.IsBatch(id));
            Assert.True(BatchScheduling.Reset(id));
            seen["reset"] = Read(id);
        });
        parent.Start();
        parent.Join();

        Assert.Equal((0, 0), seen["before"]);
        Assert.Equal((3, 7), seen["after"]);
        Assert.Equal((0, 7), seen["reset"]);
    }

    /// <summary>A thread's policy and nice value from <c>/proc/self/task/&lt;id&gt;/stat</c> (fields 41 and 19).</summary>
    internal static (int Policy, int Nice) Read(int threadId)
    {
        var stat = File.ReadAllText($"/proc/self/task/{threadId.ToString(CultureInfo.InvariantCulture)}/stat");
        // Fields after the name (which may hold spaces) start after its closing parenthesis: field 3 on.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (int.Parse(fields[41 - 3], CultureInfo.InvariantCulture), int.Parse(fields[19 - 3], CultureInfo.InvariantCulture));
    }
}
