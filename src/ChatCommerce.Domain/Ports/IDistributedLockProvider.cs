namespace ChatCommerce.Domain.Ports;

/// <summary>
/// Mutual exclusion across instances. A lock expires after its time-to-live so a crashed
/// holder cannot block a conversation for ever.
/// </summary>
public interface IDistributedLockProvider
{
    /// <summary>Waits up to <paramref name="wait"/> for the lock; null when it stays taken.</summary>
    Task<ILockHandle?> TryAcquireAsync(string key, TimeSpan timeToLive, TimeSpan wait, CancellationToken cancellationToken);
}

public interface ILockHandle : IAsyncDisposable
{
    string Key { get; }

    /// <summary>Extends the lock; false when it was lost (expired and taken by someone else).</summary>
    Task<bool> ExtendAsync(TimeSpan timeToLive);
}
