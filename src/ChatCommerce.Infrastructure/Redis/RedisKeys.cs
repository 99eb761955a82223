using StackExchange.Redis;

namespace ChatCommerce.Infrastructure.Redis;

/// <summary>Every Redis key ChatCommerce writes, in one place, under one prefix.</summary>
public sealed class RedisKeys(string prefix = "cc:")
{
    public string Prefix => prefix;

    public RedisKey Lock(string key) => prefix + "lock:" + key;

    /// <summary>Hangfire's own keys live under this prefix.</summary>
    public string Hangfire => prefix + "hangfire:";
}
