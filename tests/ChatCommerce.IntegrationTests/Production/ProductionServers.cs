using ChatCommerce.IntegrationTests.Support;

namespace ChatCommerce.IntegrationTests.Production;

/// <summary>Real PostgreSQL and Redis, shared by the production-mode tests.</summary>
public sealed class ProductionServers : IAsyncLifetime
{
    public PostgresServer Postgres { get; } = new();

    public RedisServer Redis { get; } = new();

    public Task InitializeAsync() => Task.WhenAll(Postgres.InitializeAsync(), Redis.InitializeAsync());

    public Task DisposeAsync() => Task.WhenAll(Postgres.DisposeAsync(), Redis.DisposeAsync());
}

[CollectionDefinition(Name)]
public sealed class ProductionCollection : ICollectionFixture<ProductionServers>
{
    public const string Name = "production";
}
