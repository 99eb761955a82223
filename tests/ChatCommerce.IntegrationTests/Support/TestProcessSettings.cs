using System.Runtime.CompilerServices;

namespace ChatCommerce.IntegrationTests.Support;

/// <summary>Settings every host built inside this test process reads from the environment.</summary>
internal static class TestProcessSettings
{
    /// <summary>
    /// The hosts the tests build run inside the test process, whose threads are the test runner's:
    /// they keep the default scheduling policy (a host of its own, as the load tool starts, batches
    /// its threads; <c>BatchSchedulingTests</c> tests the policy on threads of their own).
    /// </summary>
    [ModuleInitializer]
    internal static void Set() => Environment.SetEnvironmentVariable("ChatCommerce__Runtime__BatchScheduling", "false");
}
