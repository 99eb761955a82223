using ChatCommerce.Infrastructure.Data;
using ChatCommerce.IntegrationTests.Support;
using Microsoft.Extensions.Time.Testing;

namespace ChatCommerce.IntegrationTests.Orders;

/// <summary>
/// When the shared catalog snapshot is read again: an owner's edit at once, stock taken by orders
/// at most once per settle period (a sale's every order does not reload the catalog), and every
/// freshness period for changes made elsewhere.
/// </summary>
public sealed class CatalogSnapshotTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private int _loads;

    private SnapshotCache<string> Cache() =>
        new(_ => Task.FromResult("load " + Interlocked.Increment(ref _loads)), () => TimeSpan.FromSeconds(5), _clock, () => TimeSpan.FromSeconds(1));

    [Fact]
    public async Task AnEditIsSeenAtOnce()
    {
        var cache = Cache();
        Assert.Equal("load 1", await cache.GetAsync(CancellationToken.None));
        Assert.Equal("load 1", await cache.GetAsync(CancellationToken.None));
        cache.Changed();
        Assert.Equal("load 2", await cache.GetAsync(CancellationToken.None));
    }

    [Fact]
    public async Task OrdersTakingStockReloadTheCatalogAtMostOncePerSettlePeriod()
    {
        var cache = Cache();
        Assert.Equal("load 1", await cache.GetAsync(CancellationToken.None));

        // A burst of orders within the settle period: the snapshot stands.
        for (var i = 0; i < 50; i++)
        {
            cache.ChangedSoon();
            _clock.Advance(TimeSpan.FromMilliseconds(10));
            Assert.Equal("load 1", await cache.GetAsync(CancellationToken.None));
        }

        // Once the snapshot is a settle period old, the next read sees the stock of all of them.
        _clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal("load 2", await cache.GetAsync(CancellationToken.None));
        Assert.Equal("load 2", await cache.GetAsync(CancellationToken.None));

        // Without another order it stays until the freshness period runs out.
        _clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Equal("load 2", await cache.GetAsync(CancellationToken.None));
        _clock.Advance(TimeSpan.FromSeconds(0.2));
        Assert.Equal("load 3", await cache.GetAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AnOrderAfterAQuietSpellIsSeenOnTheNextRead()
    {
        var cache = Cache();
        Assert.Equal("load 1", await cache.GetAsync(CancellationToken.None));
        _clock.Advance(TimeSpan.FromSeconds(2));
        cache.ChangedSoon();
        Assert.Equal("load 2", await cache.GetAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AStaleSummaryIsGivenWhileOneLoadRunsInTheBackground()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var loads = 0;
        var failures = new List<Exception>();
        var cache = new SnapshotCache<string>(
            async _ =>
            {
                var n = Interlocked.Increment(ref loads);
                if (n == 2)
                {
                    await release.Task;
                }

                return n == 3 ? throw new InvalidOperationException("database gone") : "sums " + n;
            },
            () => TimeSpan.FromMinutes(10), _clock, servesStale: true, reloadFailed: failures.Add);

        // The first load is waited for.
        Assert.Equal("sums 1", await cache.GetAsync(CancellationToken.None));

        // Stale: every reader gets the old sums at once while a single load runs.
        _clock.Advance(TimeSpan.FromMinutes(11));
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("sums 1", await cache.GetAsync(CancellationToken.None));
        }

        await Eventually.TrueAsync(() => Volatile.Read(ref loads) == 2);
        Assert.Equal("sums 1", await cache.GetAsync(CancellationToken.None));
        Assert.Equal(2, Volatile.Read(ref loads));
        release.SetResult();
        await Eventually.TrueAsync(async () => await cache.GetAsync(CancellationToken.None) == "sums 2");

        // A load that fails keeps the last sums, is told, and the next stale read tries again.
        // (Read until the load starts: the last one may still hold the gate a moment after its value is in.)
        _clock.Advance(TimeSpan.FromMinutes(11));
        await Eventually.TrueAsync(async () => await cache.GetAsync(CancellationToken.None) == "sums 2" && Volatile.Read(ref loads) >= 3 && failures.Count == 1);
        await Eventually.TrueAsync(async () => await cache.GetAsync(CancellationToken.None) == "sums 4");
        Assert.Equal("database gone", Assert.Single(failures).Message);
    }
}
