using System.Globalization;
using ChatCommerce.Conversations.Turns;
using ChatCommerce.IntegrationTests.Support;
using ChatCommerce.Load;
using ChatCommerce.Testing;

namespace ChatCommerce.IntegrationTests.Faults;

/// <summary>A host of its own (as the load tool starts it) runs every thread under the batch policy but the socket engine's, its turns' threads still below the webhooks'.</summary>
[Collection(FaultCollection.Name)]
public sealed class HostSchedulingTests
{
    [Fact]
    public async Task EveryThreadOfTheHostButTheSocketEnginesIsBatchScheduledAndTheTurnsThreadKeepsItsLowerPriority()
    {
        Assert.True(OperatingSystem.IsLinux(), "The product's hosts run on Linux; this test reads /proc.");
        await using var rig = await LoadRig.StartAsync(new LoadSettings
        {
            RepoRoot = FaultScenarioTests.RepoRoot(),
            Configuration = FaultScenarioTests.Configuration(),
            Users = 10,
            HostCpu = null,
            // This test process tells the hosts it starts to leave the policy alone (see TestProcessSettings): this one is the product's default.
            HostSettings = new Dictionary<string, string> { ["ChatCommerce:Runtime:BatchScheduling"] = "true" },
        });
        var pid = rig.Host.ProcessId!.Value.ToString(CultureInfo.InvariantCulture);

        var threads = await Eventually.ValueAsync(
            () => Directory.GetDirectories($"/proc/{pid}/task").Select(ThreadStat.Read).OfType<ThreadStat>().ToList(),
            all => all.Count > 5 && all.All(t => t.Policy == (t.Name.StartsWith(BatchScheduling.SocketThreadName, StringComparison.Ordinal) ? 0 : 3))
                && all.Any(t => t.Name.StartsWith(BatchScheduling.SocketThreadName, StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30),
            "every thread of the host under SCHED_BATCH but the socket engine's (SCHED_OTHER)");

        Assert.Contains(threads, t => t.Name == "turns-0" && t.Nice == 10);
        Assert.Contains(threads, t => t.Name.StartsWith(".NET TP Worker", StringComparison.Ordinal) && t.Nice == 0);
    }
}
