using ChatCommerce.Domain.Ports;
using StackExchange.Redis;

namespace ChatCommerce.Infrastructure.Redis;

public sealed class RedisDedupeStore(IConnectionMultiplexer redis, RedisKeys keys) : IDedupeStore
{
    public Task<bool> TryMarkAsync(string key, TimeSpan timeToLive) =>
        redis.GetDatabase().StringSetAsync(keys.Dedupe(key), 1, timeToLive, When.NotExists);

    public Task<bool> IsMarkedAsync(string key) => redis.GetDatabase().KeyExistsAsync(keys.Dedupe(key));

    public Task UnmarkAsync(string key) => redis.GetDatabase().KeyDeleteAsync(keys.Dedupe(key));
}
