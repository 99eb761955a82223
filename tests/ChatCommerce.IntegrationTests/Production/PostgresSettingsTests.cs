using ChatCommerce.Infrastructure;
using Npgsql;

namespace ChatCommerce.IntegrationTests.Production;

/// <summary>What the host adds to the configured PostgreSQL connection string, and what it leaves alone.</summary>
public sealed class PostgresSettingsTests
{
    [Fact]
    public void AutomaticPreparationIsOnUnlessTheConnectionStringSaysOtherwise()
    {
        var added = new NpgsqlConnectionStringBuilder(InfrastructureServices.PostgresConnectionString("Host=db;Username=shop;Password=secret;Database=chatcommerce"));
        Assert.Equal(100, added.MaxAutoPrepare);
        Assert.Equal(2, added.AutoPrepareMinUsages);
        Assert.Equal("db", added.Host);
        Assert.Equal("secret", added.Password);

        var off = new NpgsqlConnectionStringBuilder(InfrastructureServices.PostgresConnectionString("Host=db;Database=chatcommerce;Max Auto Prepare=0"));
        Assert.Equal(0, off.MaxAutoPrepare);

        var own = new NpgsqlConnectionStringBuilder(InfrastructureServices.PostgresConnectionString("Host=db;Database=chatcommerce;Max Auto Prepare=20;Auto Prepare Min Usages=5"));
        Assert.Equal(20, own.MaxAutoPrepare);
        Assert.Equal(5, own.AutoPrepareMinUsages);
    }

    [Fact]
    public void TheStoreSkipsTheSessionResetAndTheJobsKeepItInAPoolOfTheirOwn()
    {
        var store = InfrastructureServices.PostgresConnectionString("Host=db;Username=shop;Password=secret;Database=chatcommerce");
        Assert.True(new NpgsqlConnectionStringBuilder(store).NoResetOnClose);

        // Hangfire's scripts set session state: its connections are reset, and its string differs
        // from the store's, so Npgsql pools them apart.
        var jobs = InfrastructureServices.JobsConnectionString(store);
        Assert.False(new NpgsqlConnectionStringBuilder(jobs).NoResetOnClose);
        Assert.NotEqual(store, jobs);
        Assert.Equal("secret", new NpgsqlConnectionStringBuilder(jobs).Password);

        var configured = new NpgsqlConnectionStringBuilder(InfrastructureServices.PostgresConnectionString("Host=db;Database=chatcommerce;No Reset On Close=false"));
        Assert.False(configured.NoResetOnClose);
    }

    [Fact]
    public void EachExecutionIsPlannedForTheTableAsItIsUnlessTheStringSaysOtherwise()
    {
        Assert.Equal("-c plan_cache_mode=force_custom_plan", new NpgsqlConnectionStringBuilder(InfrastructureServices.PostgresConnectionString("Host=db;Database=chatcommerce")).Options);
        Assert.Equal("-c statement_timeout=5000 -c plan_cache_mode=force_custom_plan",
            new NpgsqlConnectionStringBuilder(InfrastructureServices.PostgresConnectionString("Host=db;Database=chatcommerce;Options=-c statement_timeout=5000")).Options);
        Assert.Equal("-c plan_cache_mode=auto", new NpgsqlConnectionStringBuilder(InfrastructureServices.PostgresConnectionString("Host=db;Database=chatcommerce;Options=-c plan_cache_mode=auto")).Options);
    }

    [Fact]
    public void TheStoresPoolHoldsSixteenConnectionsUnlessTheStringSaysOtherwiseAndNestedUsesHaveTheirOwn()
    {
        var store = InfrastructureServices.PostgresConnectionString("Host=db;Username=shop;Password=secret;Database=chatcommerce");
        Assert.Equal(InfrastructureServices.StorePoolSize, new NpgsqlConnectionStringBuilder(store).MaxPoolSize);
        Assert.Equal(16, InfrastructureServices.StorePoolSize);
        Assert.Equal(40, new NpgsqlConnectionStringBuilder(InfrastructureServices.PostgresConnectionString("Host=db;Database=chatcommerce;Maximum Pool Size=40")).MaxPoolSize);
        Assert.Equal(3, new NpgsqlConnectionStringBuilder(InfrastructureServices.PostgresConnectionString("Host=db;Database=chatcommerce;MaxPoolSize=3")).MaxPoolSize);

        // Npgsql pools by connection string: a different application name is a different pool.
        var nested = new NpgsqlConnectionStringBuilder(InfrastructureServices.NestedConnectionString(store));
        Assert.Equal("chatcommerce-nested", nested.ApplicationName);
        Assert.Equal("secret", nested.Password);
        Assert.Equal("shop-nested", new NpgsqlConnectionStringBuilder(InfrastructureServices.NestedConnectionString(store + ";Application Name=shop")).ApplicationName);

        // Hangfire's pollers keep their connections: its pool is not made smaller with the store's.
        var small = InfrastructureServices.PostgresConnectionString("Host=db;Database=chatcommerce;Maximum Pool Size=2");
        Assert.Equal(InfrastructureServices.StorePoolSize, new NpgsqlConnectionStringBuilder(InfrastructureServices.JobsConnectionString(small)).MaxPoolSize);
        Assert.Equal(40, new NpgsqlConnectionStringBuilder(InfrastructureServices.JobsConnectionString(store + ";Maximum Pool Size=40")).MaxPoolSize);
    }
}
