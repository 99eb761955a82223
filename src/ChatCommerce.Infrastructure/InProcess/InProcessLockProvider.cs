using ChatCommerce.Domain.Ports;

namespace ChatCommerce.Infrastructure.InProcess;

/// <summary>Named locks with a time-to-live, in this process's memory.</summary>
public sealed class InProcessLockProvider(TimeProvider time) : IDistributedLockProvider
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(5);
    private readonly Dictionary<string, (Guid Token, DateTimeOffset Expires)> _held = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public async Task<ILockHandle?> TryAcquireAsync(string key, TimeSpan timeToLive, TimeSpan wait, CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid();
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            if (TryTake(key, token, timeToLive))
            {
                return new Handle(this, key, token);
            }

            if (DateTime.UtcNow >= deadline)
            {
                return null;
            }

            await Task.Delay(Poll, cancellationToken);
        }
    }

    private bool TryTake(string key, Guid token, TimeSpan timeToLive)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_held.TryGetValue(key, out var holder) && holder.Expires > now)
            {
                return false;
            }

            _held[key] = (token, now + timeToLive);
            return true;
        }
    }

    private bool Extend(string key, Guid token, TimeSpan timeToLive)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (!_held.TryGetValue(key, out var holder) || holder.Token != token || holder.Expires <= now)
            {
                return false;
            }

            _held[key] = (token, now + timeToLive);
            return true;
        }
    }

    private void Release(string key, Guid token)
    {
        lock (_gate)
        {
            if (_held.TryGetValue(key, out var holder) && holder.Token == token)
            {
                _held.Remove(key);
            }
        }
    }

    private sealed class Handle(InProcessLockProvider owner, string key, Guid token) : ILockHandle
    {
        public string Key => key;

        public Task<bool> ExtendAsync(TimeSpan timeToLive) => Task.FromResult(owner.Extend(key, token, timeToLive));

        public ValueTask DisposeAsync()
        {
            owner.Release(key, token);
            return ValueTask.CompletedTask;
        }
    }
}
