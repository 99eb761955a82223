using ChatCommerce.Domain.Ports;
using ChatCommerce.Infrastructure.Redis;
using ChatCommerce.IntegrationTests.Support;

namespace ChatCommerce.IntegrationTests.Ports;

[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisServer>
{
    public const string Name = "redis";
}

[Collection(RedisCollection.Name)]
public sealed class RedisLockTests(RedisServer redis) : LockContract
{
    protected override IDistributedLockProvider Locks { get; } = new RedisLockProvider(redis.Connection, new RedisKeys("cc-test:"));
}
