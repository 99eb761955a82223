using ChatCommerce.Domain.Ports;
using StackExchange.Redis;

namespace ChatCommerce.Infrastructure.Redis;

/// <summary>
/// A lock is a key set with NX and a time-to-live, holding a random token; only the holder of the
/// token can extend or release it (checked atomically by Lua).
/// </summary>
public sealed class RedisLockProvider(IConnectionMultiplexer redis, RedisKeys keys) : IDistributedLockProvider
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    private const string ExtendScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return 0
        """;

    public async Task<ILockHandle?> TryAcquireAsync(string key, TimeSpan timeToLive, TimeSpan wait, CancellationToken cancellationToken)
    {
        var redisKey = keys.Lock(key);
        var token = Guid.NewGuid().ToString("N");
        var deadline = DateTime.UtcNow + wait;
        var db = redis.GetDatabase();
        while (true)
        {
            if (await db.StringSetAsync(redisKey, token, timeToLive, When.NotExists))
            {
                return new Handle(db, key, redisKey, token);
            }

            if (DateTime.UtcNow >= deadline)
            {
                return null;
            }

            await Task.Delay(Poll, cancellationToken);
        }
    }

    private sealed class Handle(IDatabase db, string key, RedisKey redisKey, string token) : ILockHandle
    {
        public string Key => key;

        public async Task<bool> ExtendAsync(TimeSpan timeToLive) =>
            (long)await db.ScriptEvaluateAsync(ExtendScript, [redisKey], [token, (long)timeToLive.TotalMilliseconds]) == 1;

        /// <summary>
        /// Sent without waiting for the answer: the drain has nothing to do with it, and every
        /// later command of this process goes after it on the same connection (a drain of the same
        /// conversation here finds the lock free). Lost on the way, the lock expires with its time.
        /// </summary>
        public ValueTask DisposeAsync()
        {
            db.ScriptEvaluate(ReleaseScript, [redisKey], [token], CommandFlags.FireAndForget);
            return ValueTask.CompletedTask;
        }
    }
}
