using ChatCommerce.Domain.Ports;
using StackExchange.Redis;

namespace ChatCommerce.Infrastructure.Redis;

/// <summary>
/// Conversation state in a Redis hash {v, d}; the save is a compare-and-set done by a Lua script,
/// so two instances can never both win the same version.
/// </summary>
public sealed class RedisStateStore(IConnectionMultiplexer redis, RedisKeys keys) : IConversationStateStore
{
    private const string SaveScript = """
        local v = redis.call('HGET', KEYS[1], 'v')
        local current = 0
        if v then current = tonumber(v) end
        if current ~= tonumber(ARGV[1]) then return -1 end
        local n = current + 1
        redis.call('HSET', KEYS[1], 'v', n, 'd', ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return n
        """;

    public async Task<VersionedState?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var values = await redis.GetDatabase().HashGetAsync(keys.State(key), ["v", "d"]);
        if (values[0].IsNull || values[1].IsNull)
        {
            return null;
        }

        return new VersionedState(values[1].ToString(), (long)values[0]);
    }

    public async Task<long?> TrySaveAsync(string key, string data, long expectedVersion, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        var result = (long)await redis.GetDatabase().ScriptEvaluateAsync(
            SaveScript, [keys.State(key)], [expectedVersion, data, (long)timeToLive.TotalMilliseconds]);
        return result < 0 ? null : result;
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        redis.GetDatabase().KeyDeleteAsync(keys.State(key));
}
