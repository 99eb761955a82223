using ChatCommerce.Domain.Ports;

namespace ChatCommerce.Infrastructure.InProcess;

/// <summary>Conversation state in this process's memory (embedded default, one instance).</summary>
public sealed class InProcessStateStore(TimeProvider time) : IConversationStateStore
{
    private readonly Dictionary<string, (string Data, long Version, DateTimeOffset Expires)> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Task<VersionedState?> GetAsync(string key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(Live(key) is { } entry ? new VersionedState(entry.Data, entry.Version) : null);
        }
    }

    public Task<long?> TrySaveAsync(string key, string data, long expectedVersion, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var current = Live(key)?.Version ?? 0;
            if (current != expectedVersion)
            {
                return Task.FromResult<long?>(null);
            }

            _entries[key] = (data, current + 1, time.GetUtcNow() + timeToLive);
            return Task.FromResult<long?>(current + 1);
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _entries.Remove(key);
        }

        return Task.CompletedTask;
    }

    private (string Data, long Version, DateTimeOffset Expires)? Live(string key)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        if (entry.Expires > time.GetUtcNow())
        {
            return entry;
        }

        _entries.Remove(key);
        return null;
    }
}
