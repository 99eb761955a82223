namespace ChatCommerce.Infrastructure.Data;

/// <summary>
/// One value loaded from the database and shared by every turn: loaded again after
/// <see cref="Changed"/> (a change made by this instance), after <see cref="ChangedSoon"/> once the
/// value is <paramref name="settle"/> old (a frequent change a reader may see a moment late, such as
/// stock taken by an order: a busy sale must not reload the whole catalog per order), and at least
/// every <paramref name="freshness"/> (changes made by other instances). One load at a time;
/// readers of a fresh value never wait.
/// </summary>
/// <param name="servesStale">
/// A value that is no longer fresh is still given while one load runs in the background (a
/// summary whose load reads a growing table, which no reader should wait for); only the first
/// load is waited for. A background load that fails leaves the old value (and is told to
/// <paramref name="reloadFailed"/>); the next reader that finds it stale tries again.
/// </param>
public sealed class SnapshotCache<T>(
    Func<CancellationToken, Task<T>> load, Func<TimeSpan> freshness, TimeProvider time, Func<TimeSpan>? settle = null, bool servesStale = false, Action<Exception>? reloadFailed = null)
    where T : class
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Loaded? _loaded;
    private long _generation;
    private long _soonGeneration;

    public void Changed() => Interlocked.Increment(ref _generation);

    public void ChangedSoon() => Interlocked.Increment(ref _soonGeneration);

    public async ValueTask<T> GetAsync(CancellationToken cancellationToken)
    {
        var loaded = _loaded;
        if (Fresh(loaded) is { } current)
        {
            return current;
        }

        if (servesStale && loaded is not null)
        {
            if (_gate.Wait(0))
            {
                // Off the caller's scheduler and transaction: the load uses contexts of its own.
                _ = Task.Run(ReloadAsync, CancellationToken.None);
            }

            return loaded.Value;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            return Fresh(_loaded) ?? await LoadAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    // Holding the gate.
    private async Task<T> LoadAsync(CancellationToken cancellationToken)
    {
        // Read before the load: a change made while it runs is seen by the next one.
        var generation = Volatile.Read(ref _generation);
        var soon = Volatile.Read(ref _soonGeneration);
        var now = time.GetUtcNow();
        var value = await load(cancellationToken);
        _loaded = new Loaded(value, generation, soon, now + (settle?.Invoke() ?? TimeSpan.Zero), now + freshness());
        return value;
    }

    private async Task ReloadAsync()
    {
        try
        {
            await LoadAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            // The old value stays; the next reader that finds it stale starts another load.
            reloadFailed?.Invoke(e);
        }
        finally
        {
            _gate.Release();
        }
    }

    private T? Fresh(Loaded? loaded)
    {
        if (loaded is null || loaded.Generation != Volatile.Read(ref _generation))
        {
            return null;
        }

        var now = time.GetUtcNow();
        return now < loaded.FreshUntil && (loaded.SoonGeneration == Volatile.Read(ref _soonGeneration) || now < loaded.SettledAt) ? loaded.Value : null;
    }

    private sealed record Loaded(T Value, long Generation, long SoonGeneration, DateTimeOffset SettledAt, DateTimeOffset FreshUntil);
}
