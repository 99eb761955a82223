using System.Reflection;
using ChatCommerce.Load;

namespace ChatCommerce.IntegrationTests.Faults;

/// <summary>They start processes and offer load: alone, after the other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultCollection
{
    public const string Name = "faults";
}

/// <summary>
/// The load harness's fault scenarios, small: the host as its own process under steady load,
/// then the fault, then every promise checked (0 lost, 0 duplicate replies, 0 turns applied twice,
/// nothing left unhandled, answers again after the fault). `ChatCommerce.Load faults` runs the
/// same scenarios bigger.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class FaultScenarioTests
{
    [Theory]
    [InlineData("kill")]
    [InlineData("redis")]
    [InlineData("postgres")]
    [InlineData("500")]
    [InlineData("429")]
    [InlineData("hang")]
    [InlineData("twice")]
    public async Task EveryEventIsAnsweredOnceThroughTheFault(string scenario)
    {
        var result = await FaultScenarios.RunAsync(scenario, RepoRoot(), users: 120, rate: 40, seconds: 12, hang: TimeSpan.FromSeconds(8), Configuration(), pinHost: false);
        Assert.True(result.Passed, result.Format());
        Assert.True(result.Report.Acknowledged > 100, result.Format());
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ChatCommerce.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Not inside the repository.");
    }

    internal static string Configuration() =>
        typeof(FaultScenarioTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
}
