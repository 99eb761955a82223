using System.Net;
using ChatCommerce.FakePlatforms;
using ChatCommerce.IntegrationTests.Support;
using ChatCommerce.Web.Health;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChatCommerce.IntegrationTests.Production;

/// <summary>
/// Readiness (<c>/health</c>) waits for the code warm-up; liveness (<c>/health/live</c>) does not
/// look at the database or the warm-up at all.
/// </summary>
public sealed class HealthTests
{
    [Fact]
    public async Task AHostStillWarmingUpIsNotReadyAndOneThatHasFinishedIs()
    {
        await using var fakes = await FakePlatformServer.StartAsync();
        await using var host = await TestHost.StartAsync(fakes);

        // A warm-up not yet run (as in the seconds after start): the readiness check says why.
        var warmUp = ActivatorUtilities.CreateInstance<CodeWarmUp>(host.Services);
        var check = new HealthServices.WarmedUpCheck(warmUp);
        var before = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, before.Status);
        Assert.Contains("warming up", before.Description);

        // The test host asks for no compilation at start: its warm-up ends at once.
        await warmUp.StartAsync(CancellationToken.None);
        await warmUp.Finished.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);

        var ready = await host.Http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
        var live = await host.Http.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheLivenessProbeAnswersWhileReadinessWaitsForTheWarmUp()
    {
        await using var fakes = await FakePlatformServer.StartAsync();
        // The readiness check looks at a warm-up not yet started (as in the seconds after start):
        // the host serves, but is not ready.
        CodeWarmUp? held = null;
        await using var host = await TestHost.StartAsync(fakes, services: s => s.PostConfigure<HealthCheckServiceOptions>(o =>
            o.Registrations.Single(r => r.Name == "warmed-up").Factory = provider =>
                new HealthServices.WarmedUpCheck(held ??= ActivatorUtilities.CreateInstance<CodeWarmUp>(provider))));

        var notReady = await host.Http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Equal("Unhealthy", await notReady.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/health/live")).StatusCode);

        await held!.StartAsync(CancellationToken.None);
        await held.Finished.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/health")).StatusCode);
    }
}
