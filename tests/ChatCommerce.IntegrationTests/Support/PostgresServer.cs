using ChatCommerce.Testing;

namespace ChatCommerce.IntegrationTests.Support;

/// <summary>A real PostgreSQL server for a test collection (see <see cref="PostgresInstance"/>).</summary>
public sealed class PostgresServer() : PostgresInstance(statementStats: true), IAsyncLifetime
{
    public Task InitializeAsync() => StartAsync();

    public Task DisposeAsync() => StopAsync();
}
