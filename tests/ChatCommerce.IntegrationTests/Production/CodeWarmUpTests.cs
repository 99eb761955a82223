using ChatCommerce.FakePlatforms;
using ChatCommerce.IntegrationTests.Support;
using ChatCommerce.Web.Health;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.IntegrationTests.Production;

/// <summary>The host compiles the product's own code after start, from every one of its assemblies, runs its every-minute jobs once, and still answers.</summary>
public sealed class CodeWarmUpTests
{
    [Fact]
    public async Task TheHostCompilesEveryAssemblyOfTheProductAfterStartThenRunsTheJobsDueEveryMinuteOnce()
    {
        await using var fakes = await FakePlatformServer.StartAsync();
        var before = System.Runtime.JitInfo.GetCompiledMethodCount();
        await using var host = await TestHost.StartAsync(fakes, new Dictionary<string, string?> { [CodeWarmUp.Setting] = "true" });
        var warmUp = host.Services.GetRequiredService<CodeWarmUp>();

        await warmUp.Finished.WaitAsync(TimeSpan.FromMinutes(3));

        Assert.Superset(
            new HashSet<string> { "ChatCommerce.Web", "ChatCommerce.Domain", "ChatCommerce.Conversations", "ChatCommerce.Dialogs", "ChatCommerce.Language", "ChatCommerce.Infrastructure", "ChatCommerce.Channels.Line", "ChatCommerce.Channels.Messenger" },
            warmUp.Assemblies.ToHashSet());
        Assert.InRange(warmUp.Compiled, 5_000, int.MaxValue);
        // Tests share the process: most methods may have been compiled by earlier tests already, so
        // only that the runtime compiled more is asked, not how many more.
        Assert.True(System.Runtime.JitInfo.GetCompiledMethodCount() > before);
        // SQLite binds no arrays: nothing to bind ahead (PostgreSQL: HotPathShapesContract).
        Assert.Equal(0, warmUp.BoundShapes);

        // Every job on a one-minute schedule, and none of the hourly or nightly ones (a retention purge at every start would surprise).
        Assert.Equal(["case-breach", "case-csat", "inbox-sweep", "payment-deadlines", "staff-idle"], warmUp.JobsRun.Order());
        // Run to success, each by that request, before the warm-up says it is done (the host is
        // ready only then): Hangfire records why a job was enqueued, and a run at the minute's turn
        // says its scheduler asked for it.
        var monitoring = host.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var run = monitoring.SucceededJobs(0, 1000).Select(j => monitoring.JobDetails(j.Key))
            .Where(d => d.History.Any(h => h.StateName == "Enqueued" && h.Reason?.Contains("recurring job manager", StringComparison.Ordinal) == true))
            .Select(d => d.Properties.TryGetValue("RecurringJobId", out var id) ? id.Trim('"') : null).Order().ToList();
        Assert.Equal(warmUp.JobsRun.Order(), run);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await host.Http.GetAsync("/health")).StatusCode);

        const string user = "U00000000000000000000000000000c01";
        await fakes.Line.DeliverAsync(fakes.Line.TextEvent(user, "สวัสดีครับ"));
        await Eventually.ValueAsync(() => fakes.Line.SentTo(user), s => s.Count >= 1, what: "a reply after the warm-up");
    }
}
