using ChatCommerce.Domain.Customers;
using StackExchange.Redis;

namespace ChatCommerce.Infrastructure.Redis;

/// <summary>
/// Finds every key under the product's prefix (conversation locks, Hangfire's keys) whose name or
/// string value names the erased customer, by SCAN (never KEYS: the server keeps serving), and
/// deletes it. Rare, and cheap next to the rest of an erasure.
/// </summary>
public sealed class RedisKeyEraser(IConnectionMultiplexer redis) : IKeyValueEraser
{
    public async Task<int> EraseAsync(IReadOnlyCollection<string> needles, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var erased = 0;
        foreach (var server in redis.GetServers().Where(s => s.IsConnected && !s.IsReplica))
        {
            await foreach (var key in server.KeysAsync(db.Database, pattern: "*", pageSize: 1000).WithCancellation(cancellationToken))
            {
                var name = (string?)key ?? "";
                var hit = needles.Any(n => name.Contains(n, StringComparison.Ordinal));
                if (!hit && await db.KeyTypeAsync(key) == RedisType.String)
                {
                    var value = (string?)await db.StringGetAsync(key) ?? "";
                    hit = needles.Any(n => value.Contains(n, StringComparison.Ordinal));
                }

                if (!hit && await db.KeyTypeAsync(key) == RedisType.Hash)
                {
                    hit = (await db.HashGetAllAsync(key)).Any(e => needles.Any(n => ((string?)e.Value ?? "").Contains(n, StringComparison.Ordinal)));
                }

                if (hit && await db.KeyDeleteAsync(key))
                {
                    erased++;
                }
            }
        }

        return erased;
    }
}
