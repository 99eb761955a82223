using ChatCommerce.Domain.Ports;

namespace ChatCommerce.IntegrationTests.Ports;

/// <summary>
/// One contract for the state store, run against every database it runs on (SQLite and
/// PostgreSQL), so the embedded default and production cannot drift apart.
/// </summary>
public abstract class StateStoreContract
{
    protected abstract IConversationStateStore Store { get; }

    private static string Key() => "test:" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task MissingKeyHasNoState() => Assert.Null(await Store.GetAsync(Key(), CancellationToken.None));

    [Fact]
    public async Task FirstSaveNeedsVersionZeroAndEachSaveBumpsTheVersion()
    {
        var key = Key();
        Assert.Null(await Store.TrySaveAsync(key, "x", 1, TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.Equal(1, await Store.TrySaveAsync(key, "{\"a\":1}", 0, TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.Equal(2, await Store.TrySaveAsync(key, "{\"a\":2}", 1, TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.Equal(new VersionedState("{\"a\":2}", 2), await Store.GetAsync(key, CancellationToken.None));
    }

    [Fact]
    public async Task StaleVersionLosesAndLeavesTheWinnersState()
    {
        var key = Key();
        await Store.TrySaveAsync(key, "v1", 0, TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.Equal(2, await Store.TrySaveAsync(key, "winner", 1, TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.Null(await Store.TrySaveAsync(key, "loser", 1, TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.Equal("winner", (await Store.GetAsync(key, CancellationToken.None))!.Data);
    }

    [Fact]
    public async Task ConcurrentWritersNeverLoseAnIncrement()
    {
        var key = Key();
        await Store.TrySaveAsync(key, "0", 0, TimeSpan.FromMinutes(1), CancellationToken.None);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                while (true)
                {
                    var current = (await Store.GetAsync(key, CancellationToken.None))!;
                    var next = (int.Parse(current.Data, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    if (await Store.TrySaveAsync(key, next, current.Version, TimeSpan.FromMinutes(1), CancellationToken.None) is not null)
                    {
                        break;
                    }
                }
            }
        })));
        var final = (await Store.GetAsync(key, CancellationToken.None))!;
        Assert.Equal("200", final.Data);
        Assert.Equal(201, final.Version);
    }

    [Fact]
    public async Task StateExpiresAfterItsTimeToLive()
    {
        var key = Key();
        await Store.TrySaveAsync(key, "short", 0, TimeSpan.FromMilliseconds(150), CancellationToken.None);
        await Task.Delay(400);
        Assert.Null(await Store.GetAsync(key, CancellationToken.None));
        Assert.Equal(1, await Store.TrySaveAsync(key, "again", 0, TimeSpan.FromMinutes(1), CancellationToken.None));
    }

    [Fact]
    public async Task DeleteRemovesState()
    {
        var key = Key();
        await Store.TrySaveAsync(key, "x", 0, TimeSpan.FromMinutes(1), CancellationToken.None);
        await Store.DeleteAsync(key, CancellationToken.None);
        Assert.Null(await Store.GetAsync(key, CancellationToken.None));
    }

    [Fact]
    public async Task ThaiAndEmojiSurviveTheRoundTrip()
    {
        var key = Key();
        const string data = "{\"text\":\"เสื้อยืดสีดำ 😀\"}";
        await Store.TrySaveAsync(key, data, 0, TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.Equal(data, (await Store.GetAsync(key, CancellationToken.None))!.Data);
    }
}

public abstract class LockContract
{
    protected abstract IDistributedLockProvider Locks { get; }

    private static string Key() => "test:" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task OnlyOneHolderAtATime()
    {
        var key = Key();
        await using var first = await Locks.TryAcquireAsync(key, TimeSpan.FromSeconds(10), TimeSpan.Zero, CancellationToken.None);
        Assert.NotNull(first);
        Assert.Null(await Locks.TryAcquireAsync(key, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100), CancellationToken.None));
    }

    [Fact]
    public async Task ReleasedLockCanBeTakenAgainAndAWaiterGetsIt()
    {
        var key = Key();
        var first = (await Locks.TryAcquireAsync(key, TimeSpan.FromSeconds(10), TimeSpan.Zero, CancellationToken.None))!;
        var waiter = Locks.TryAcquireAsync(key, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5), CancellationToken.None);
        await Task.Delay(100);
        Assert.False(waiter.IsCompleted);
        await first.DisposeAsync();
        await using var second = await waiter;
        Assert.NotNull(second);
    }

    [Fact]
    public async Task ExpiredLockIsFreeAndItsOldHolderCannotExtendOrReleaseIt()
    {
        var key = Key();
        var old = (await Locks.TryAcquireAsync(key, TimeSpan.FromMilliseconds(150), TimeSpan.Zero, CancellationToken.None))!;
        await Task.Delay(400);
        await using var fresh = await Locks.TryAcquireAsync(key, TimeSpan.FromSeconds(10), TimeSpan.Zero, CancellationToken.None);
        Assert.NotNull(fresh);
        Assert.False(await old.ExtendAsync(TimeSpan.FromSeconds(10)));
        await old.DisposeAsync();
        Assert.Null(await Locks.TryAcquireAsync(key, TimeSpan.FromSeconds(10), TimeSpan.Zero, CancellationToken.None));
        Assert.True(await fresh!.ExtendAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task MutualExclusionHoldsUnderContention()
    {
        var key = Key();
        var inside = 0;
        var maxInside = 0;
        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(async () =>
        {
            await using var handle = await Locks.TryAcquireAsync(key, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), CancellationToken.None);
            Assert.NotNull(handle);
            var now = Interlocked.Increment(ref inside);
            InterlockedMax(ref maxInside, now);
            await Task.Delay(10);
            Interlocked.Decrement(ref inside);
        })));
        Assert.Equal(1, maxInside);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
