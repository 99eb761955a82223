using ChatCommerce.Domain.Ports;

namespace ChatCommerce.Infrastructure.InProcess;

/// <summary>Remembered keys in this process's memory; expired keys are swept as new ones arrive.</summary>
public sealed class InProcessDedupeStore(TimeProvider time) : IDedupeStore
{
    private readonly Dictionary<string, DateTimeOffset> _keys = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _writesSinceSweep;

    public Task<bool> TryMarkAsync(string key, TimeSpan timeToLive)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (++_writesSinceSweep >= 1024)
            {
                _writesSinceSweep = 0;
                foreach (var stale in _keys.Where(k => k.Value <= now).Select(k => k.Key).ToList())
                {
                    _keys.Remove(stale);
                }
            }

            if (_keys.TryGetValue(key, out var expires) && expires > now)
            {
                return Task.FromResult(false);
            }

            _keys[key] = now + timeToLive;
            return Task.FromResult(true);
        }
    }

    public Task<bool> IsMarkedAsync(string key)
    {
        lock (_gate)
        {
            return Task.FromResult(_keys.TryGetValue(key, out var expires) && expires > time.GetUtcNow());
        }
    }

    public Task UnmarkAsync(string key)
    {
        lock (_gate)
        {
            _keys.Remove(key);
        }

        return Task.CompletedTask;
    }
}
