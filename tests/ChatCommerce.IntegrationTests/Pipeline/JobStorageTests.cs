using ChatCommerce.IntegrationTests.Support;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.IntegrationTests.Pipeline;

/// <summary>Each embedded host keeps its own Hangfire storage, whatever else runs in the process.</summary>
public sealed class JobStorageTests
{
    [Fact]
    public async Task TwoHostsInOneProcessEachKeepTheirOwnJobStorageAndOneStoppingLeavesTheOtherWorking()
    {
        await using var fakes = await FakePlatformServer.StartAsync();
        await using var first = await TestHost.StartAsync(fakes);
        var second = await TestHost.StartAsync(fakes);
        var firstStorage = first.Services.GetRequiredService<JobStorage>();
        var secondStorage = second.Services.GetRequiredService<JobStorage>();
        Assert.NotSame(firstStorage, secondStorage);
        using (var connection = firstStorage.GetConnection())
        {
            // Every recurring job, whichever project declares it, is registered at start.
            var ids = connection.GetRecurringJobs().Select(j => j.Id).ToHashSet();
            string[] expected = ["inbox-sweep", "case-csat", "case-breach", "payment-deadlines", "customer-surveys", "basket-reminders"];
            Assert.Empty(expected.Except(ids));
        }

        // The host started last stops: the first goes on with its own storage.
        await second.DisposeAsync();
        first.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate("still-here", () => System.Console.WriteLine("tick"), Cron.Daily());
        first.Services.GetRequiredService<IBackgroundJobClient>().Enqueue(() => System.Console.WriteLine("once"));
        using (var connection = firstStorage.GetConnection())
        {
            Assert.Contains(connection.GetRecurringJobs(), j => j.Id == "still-here");
        }
    }
}
