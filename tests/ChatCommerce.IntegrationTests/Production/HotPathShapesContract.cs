using ChatCommerce.Infrastructure.Data;
using ChatCommerce.IntegrationTests.Support;

namespace ChatCommerce.IntegrationTests.Production;

/// <summary>
/// The start-up binding of the hot path's parameter shapes: on PostgreSQL every shape binds and
/// the statement runs (a type Npgsql could not bind would throw), on SQLite nothing is bound.
/// </summary>
public abstract class HotPathShapesContract : ProviderContract
{
    protected abstract int ExpectedShapes { get; }

    [Fact]
    public async Task EveryShapeOfTheHotPathBindsOnPostgreSqlAndNoneOnSqlite()
    {
        var bound = await Host.QueryAsync(db => HotPathShapes.BindAsync(db, CancellationToken.None));

        Assert.Equal(ExpectedShapes, bound);
    }
}

public sealed class SqliteHotPathShapesTests : HotPathShapesContract
{
    protected override int ExpectedShapes => 0;

    protected override Task<IDictionary<string, string?>> SettingsAsync() => Task.FromResult<IDictionary<string, string?>>(new Dictionary<string, string?>());
}

[Collection(ProductionCollection.Name)]
public sealed class PostgresHotPathShapesTests(ProductionServers servers) : HotPathShapesContract
{
    protected override int ExpectedShapes => 10;

    protected override async Task<IDictionary<string, string?>> SettingsAsync() =>
        new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = await servers.Postgres.CreateDatabaseAsync() };
}
