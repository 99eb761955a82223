using System.Collections.Concurrent;

namespace ChatCommerce.Web.Admin;

/// <summary>
/// Wrong API keys counted per client address: after <see cref="Allowed"/> wrong keys within
/// <see cref="Window"/> the client is refused (429 with Retry-After) until the window ends, so a
/// key cannot be guessed by trying. A right key clears the count.
/// </summary>
public sealed class KeyFailures(TimeProvider time)
{
    public const int Allowed = 10;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);
    private const int MaxClients = 100_000;

    private readonly ConcurrentDictionary<string, Strikes> _clients = new(StringComparer.Ordinal);
    private DateTimeOffset _swept;

    /// <summary>How long the client must wait, when it is refused now.</summary>
    public TimeSpan? Refused(string client)
    {
        if (_clients.TryGetValue(client, out var strikes) && strikes.Count >= Allowed)
        {
            var left = strikes.Ends - time.GetUtcNow();
            if (left > TimeSpan.Zero)
            {
                return left;
            }

            _clients.TryRemove(KeyValuePair.Create(client, strikes));
        }

        return null;
    }

    public void Failed(string client)
    {
        var now = time.GetUtcNow();
        // Under a flood of addresses the table is swept at most once a minute, not on every failure.
        if (_clients.Count >= MaxClients && now - _swept > TimeSpan.FromMinutes(1))
        {
            _swept = now;
            foreach (var (key, old) in _clients)
            {
                if (old.Ends <= now)
                {
                    _clients.TryRemove(KeyValuePair.Create(key, old));
                }
            }
        }

        _clients.AddOrUpdate(client, _ => new Strikes(1, now + Window), (_, s) => s.Ends <= now ? new Strikes(1, now + Window) : s with { Count = s.Count + 1 });
    }

    public void Succeeded(string client) => _clients.TryRemove(client, out _);

    private sealed record Strikes(int Count, DateTimeOffset Ends);
}
