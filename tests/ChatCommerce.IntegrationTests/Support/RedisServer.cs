using ChatCommerce.Testing;

namespace ChatCommerce.IntegrationTests.Support;

/// <summary>A real redis-server for a test collection (see <see cref="RedisInstance"/>).</summary>
public sealed class RedisServer : RedisInstance, IAsyncLifetime
{
    public Task InitializeAsync() => StartAsync();

    public Task DisposeAsync() => StopAsync();
}
