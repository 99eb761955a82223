using ChatCommerce.Infrastructure;
using ChatCommerce.IntegrationTests.Support;
using Hangfire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.IntegrationTests.Production;

/// <summary>
/// Two hosts in one process (the tests run many at once) each keep their own jobs: Hangfire's
/// statics hold the last configured storage and activator, and a host must use neither.
/// </summary>
[Collection(ProductionCollection.Name)]
public sealed class JobIsolationTests(ProductionServers servers)
{
    /// <summary>What a host's services are told apart by.</summary>
    private sealed class Marker;

    public static TheoryData<string> Modes => new() { "embedded", "postgres", "postgres+redis" };

    private async Task<ServiceProvider> HostServicesAsync(string mode, string name)
    {
        var settings = new Dictionary<string, string?> { ["ChatCommerce:Redis:KeyPrefix"] = "jobs-" + name + "-" + Guid.NewGuid().ToString("N")[..8] + ":" };
        if (mode == "embedded")
        {
            settings["ChatCommerce:DataDirectory"] = Directory.CreateTempSubdirectory("cc-jobs-").FullName;
        }
        else
        {
            settings["ConnectionStrings:Postgres"] = await servers.Postgres.CreateDatabaseAsync();
        }

        if (mode.EndsWith("+redis", StringComparison.Ordinal))
        {
            settings["ConnectionStrings:Redis"] = servers.Redis.ConnectionString;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddSingleton<Marker>();
        services.AddChatCommerceInfrastructure(configuration);
        return services.BuildServiceProvider();
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task AHostConfiguredBeforeAnotherEnqueuesIntoAndRunsWithItsOwn(string mode)
    {
        await using var first = await HostServicesAsync(mode, "a");
        await using var second = await HostServicesAsync(mode, "b");

        // The order that lost the first host its own: it is configured, then the second is, and
        // only then does the first ask for its storage and activator (Hangfire's registrations
        // read the statics the second configuration just overwrote).
        first.GetRequiredService<IGlobalConfiguration>();
        second.GetRequiredService<IGlobalConfiguration>();

        var storage = first.GetRequiredService<JobStorage>();
        Assert.NotSame(second.GetRequiredService<JobStorage>(), storage);

        first.GetRequiredService<IBackgroundJobClient>().Enqueue(() => System.Console.WriteLine("first host's job"));
        Assert.Equal(1, storage.GetMonitoringApi().EnqueuedCount("default"));
        Assert.Equal(0, second.GetRequiredService<JobStorage>().GetMonitoringApi().EnqueuedCount("default"));

        using var scope = first.GetRequiredService<JobActivator>().BeginScope((JobActivatorContext)null!);
        Assert.Same(first.GetRequiredService<Marker>(), scope.Resolve(typeof(Marker)));
    }
}
