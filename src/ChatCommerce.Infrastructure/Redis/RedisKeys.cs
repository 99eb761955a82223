using StackExchange.Redis;

namespace ChatCommerce.Infrastructure.Redis;

/// <summary>Every Redis key ChatCommerce writes, in one place, under one prefix.</summary>
public sealed class RedisKeys(string prefix = "cc:")
{
    public string Prefix => prefix;

    public RedisKey State(string key) => prefix + "state:" + key;

    public RedisKey Lock(string key) => prefix + "lock:" + key;

    public RedisKey Dedupe(string key) => prefix + "dedupe:" + key;

    /// <summary>Hangfire's own keys live under this prefix.</summary>
    public string Hangfire => prefix + "hangfire:";
}
