using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>The model on SQLite, with the migrations in <c>Data/Migrations/Sqlite</c>.</summary>
public sealed class SqliteChatCommerceDbContext(DbContextOptions<SqliteChatCommerceDbContext> options) : ChatCommerceDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);

        // A Messenger echo finds its pending message by seed. PostgreSQL finds it through the
        // conversation's messages in one statement for all of a write's echoes (see SqlInbox), so
        // there this index would only be one more entry for every message stored.
        modelBuilder.Entity<OutboxRecord>().HasIndex(x => x.IdempotencySeed, "IX_outbox_PendingSeed").HasFilter(PendingOnly);
    }
}

/// <summary>The model on PostgreSQL, with the migrations in <c>Data/Migrations/Postgres</c>.</summary>
public sealed class PostgresChatCommerceDbContext(DbContextOptions<PostgresChatCommerceDbContext> options) : ChatCommerceDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);

        // Every turn rewrites its conversation's state: room left in each page lets the new version
        // go beside the old one, with no index touched (nothing indexed changes).
        modelBuilder.Entity<StateRecord>().HasStorageParameter("fillfactor", 70);
    }
}

/// <summary>For <c>dotnet ef migrations add … --context SqliteChatCommerceDbContext</c>: no database is opened.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteChatCommerceDbContext>
{
    public SqliteChatCommerceDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteChatCommerceDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>For <c>dotnet ef migrations add … --context PostgresChatCommerceDbContext</c>: no database is opened.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresChatCommerceDbContext>
{
    public PostgresChatCommerceDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresChatCommerceDbContext>().UseNpgsql("Host=localhost;Database=design_time").Options);
}
