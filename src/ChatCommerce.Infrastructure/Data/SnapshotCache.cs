namespace ChatCommerce.Infrastructure.Data;

/// <summary>
/// One value loaded from the database and shared by every turn: loaded again after
/// <see cref="Changed"/> (a change made by this instance) and at least every
/// <paramref name="freshness"/> (changes made by other instances). One load at a time; readers of a
/// fresh value never wait.
/// </summary>
public sealed class SnapshotCache<T>(Func<CancellationToken, Task<T>> load, Func<TimeSpan> freshness, TimeProvider time)
    where T : class
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Loaded? _loaded;
    private long _generation;

    public void Changed() => Interlocked.Increment(ref _generation);

    public async ValueTask<T> GetAsync(CancellationToken cancellationToken)
    {
        if (Fresh(_loaded) is { } current)
        {
            return current;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Fresh(_loaded) is { } again)
            {
                return again;
            }

            var generation = Volatile.Read(ref _generation);
            var value = await load(cancellationToken);
            _loaded = new Loaded(value, generation, time.GetUtcNow() + freshness());
            return value;
        }
        finally
        {
            _gate.Release();
        }
    }

    private T? Fresh(Loaded? loaded) =>
        loaded is not null && loaded.Generation == Volatile.Read(ref _generation) && time.GetUtcNow() < loaded.FreshUntil ? loaded.Value : null;

    private sealed record Loaded(T Value, long Generation, DateTimeOffset FreshUntil);
}
