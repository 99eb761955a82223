using ChatCommerce.Domain.Ports;
using ChatCommerce.Infrastructure.Data;
using ChatCommerce.Infrastructure.InProcess;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.IntegrationTests.Ports;

public sealed class InProcessStateStoreTests : StateStoreContract
{
    protected override IConversationStateStore Store { get; } = new InProcessStateStore(TimeProvider.System);
}

public sealed class InProcessLockTests : LockContract
{
    protected override IDistributedLockProvider Locks { get; } = new InProcessLockProvider(TimeProvider.System);
}

public sealed class InProcessDedupeTests : DedupeContract
{
    protected override IDedupeStore Dedupe { get; } = new InProcessDedupeStore(TimeProvider.System);
}

/// <summary>The relational state store (the embedded default without Redis) on a SQLite file.</summary>
public sealed class SqlStateStoreTests : StateStoreContract, IDisposable
{
    private readonly ServiceProvider _services;

    public SqlStateStoreTests()
    {
        var file = Path.Combine(Path.GetTempPath(), "cc-state-" + Guid.NewGuid().ToString("N")[..8] + ".db");
        _services = new ServiceCollection()
            .AddDbContext<ChatCommerceDbContext>(o => o.UseSqlite($"Data Source={file}"))
            .BuildServiceProvider();
        using (var scope = _services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<ChatCommerceDbContext>().Database.EnsureCreated();
        }

        Store = new SqlStateStore(_services.GetRequiredService<IServiceScopeFactory>(), TimeProvider.System);
    }

    protected override IConversationStateStore Store { get; }

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
