using ChatCommerce.Domain.Ports;
using ChatCommerce.Infrastructure.Data;
using ChatCommerce.IntegrationTests.Production;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.IntegrationTests.Ports;

/// <summary>The state store on a SQLite file (the embedded default).</summary>
public sealed class SqliteStateStoreTests : StateStoreContract, IDisposable
{
    private static readonly string File = Path.Combine(Path.GetTempPath(), "cc-state-" + Guid.NewGuid().ToString("N")[..8] + ".db");
    private readonly ServiceProvider _services = StateStores.Build(o => o.UseSqlite($"Data Source={File}"));

    protected override IConversationStateStore Store => _services.GetRequiredService<SqlStateStore>();

    [Fact]
    public async Task ExpiredStatesArePurged()
    {
        var store = (SqlStateStore)Store;
        await store.TrySaveAsync("gone", "x", 0, TimeSpan.FromMilliseconds(1), CancellationToken.None);
        await store.TrySaveAsync("kept", "y", 0, TimeSpan.FromMinutes(5), CancellationToken.None);
        await Task.Delay(20);
        Assert.True(await store.PurgeExpiredAsync(CancellationToken.None) >= 1);
        Assert.Equal("y", (await store.GetAsync("kept", CancellationToken.None))!.Data);
        Assert.Equal(1, await store.TrySaveAsync("gone", "again", 0, TimeSpan.FromMinutes(5), CancellationToken.None));
    }

    public void Dispose() => _services.Dispose();
}

/// <summary>The state store on a real PostgreSQL server (production).</summary>
[Collection(ProductionCollection.Name)]
public sealed class PostgresStateStoreTests(ProductionServers servers) : StateStoreContract, IAsyncLifetime
{
    private ServiceProvider _services = null!;

    protected override IConversationStateStore Store => _services.GetRequiredService<SqlStateStore>();

    public async Task InitializeAsync()
    {
        var connection = await servers.Postgres.CreateDatabaseAsync();
        // The store's statements go through NestedContexts' own PostgreSQL pool, as in the host.
        _services = StateStores.Build(o => o.UseNpgsql(connection), nestedPostgres: connection);
    }

    public Task DisposeAsync() => _services.DisposeAsync().AsTask();
}

internal static class StateStores
{
    public static ServiceProvider Build(Action<DbContextOptionsBuilder> database, string? nestedPostgres = null)
    {
        var services = new ServiceCollection()
            .AddDbContext<ChatCommerceDbContext>(database)
            .AddSingleton(TimeProvider.System)
            .AddSingleton(sp => new NestedContexts(sp.GetRequiredService<IServiceScopeFactory>(), nestedPostgres))
            .AddSingleton<SqlStateStore>()
            .BuildServiceProvider();
        using var scope = services.CreateScope();
        scope.ServiceProvider.GetRequiredService<ChatCommerceDbContext>().Database.EnsureCreated();
        return services;
    }
}
