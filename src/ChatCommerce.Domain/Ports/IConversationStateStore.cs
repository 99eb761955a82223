namespace ChatCommerce.Domain.Ports;

/// <summary>
/// Versioned state per conversation. A save names the version it read; when someone else saved
/// in between the save fails and the caller re-runs its turn, so no write is lost.
/// </summary>
public interface IConversationStateStore
{
    Task<VersionedState?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>The stored states of many keys in one read (keys without state are left out).</summary>
    Task<IReadOnlyDictionary<string, VersionedState>> GetManyAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken);

    /// <summary>
    /// Saves when the stored version equals <paramref name="expectedVersion"/> (0 = must not exist).
    /// Returns the new version, or null when the version check failed.
    /// </summary>
    Task<long?> TrySaveAsync(string key, string data, long expectedVersion, TimeSpan timeToLive, CancellationToken cancellationToken);

    Task DeleteAsync(string key, CancellationToken cancellationToken);
}

public sealed record VersionedState(string Data, long Version);
