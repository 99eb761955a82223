using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>The model on SQLite, with the migrations in <c>Data/Migrations/Sqlite</c>.</summary>
public sealed class SqliteChatCommerceDbContext(DbContextOptions<SqliteChatCommerceDbContext> options) : ChatCommerceDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);

        // Only open events are looked for by status, through indexes of their rows alone. SQLite
        // updates a row where it is, so a status change costs it only those indexes' entries. The
        // queries name the status as a literal, which an index of some rows needs. The
        // once-a-minute search for stalled events reads the pending index whole: cheaper than one
        // more entry for every event stored.
        modelBuilder.Entity<InboxRecord>(e =>
        {
            e.HasIndex(x => new { x.Conversation, x.EventTimestampMs, x.Id }, "IX_inbox_Pending").HasFilter(PendingOnly);
            e.HasIndex(x => x.Id, "IX_inbox_DeadLettered").HasFilter("\"Status\" = 'DeadLettered'");
        });

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

        // PostgreSQL writes a whole new version of a row for any update, and when an indexed column
        // (or one in an index's condition) changes, an entry in every index too, on whatever page
        // has room. So no index of the inbox names its status: an event marked done is a new
        // version of its ~1 KB row on the same page (room left by the fill factor), with a few
        // bytes of log and no index entry, instead of a new row elsewhere, ~1.4 KB of log and
        // three index entries. The open events (pending or dead-lettered) are found through
        // inbox_open, a narrow table that triggers keep equal to the inbox's open rows (see the
        // migration InboxOpenEvents and docs/architecture.md).
        modelBuilder.Entity<InboxRecord>().HasStorageParameter("fillfactor", 60);
        modelBuilder.Entity<InboxOpenRecord>(e =>
        {
            e.ToTable("inbox_open");
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Conversation).HasMaxLength(300);
            e.HasIndex(x => new { x.Conversation, x.EventTimestampMs, x.Id }, "IX_inbox_open_Pending").HasFilter("NOT \"Dead\"");
            e.HasIndex(x => x.Id, "IX_inbox_open_Dead").HasFilter("\"Dead\"");
        });
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
