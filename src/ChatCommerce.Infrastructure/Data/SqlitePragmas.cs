using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>
/// Every SQLite connection commits without waiting for the disk (synchronous=NORMAL, safe in WAL
/// mode: a crashed process loses nothing, a power cut the last moments) and waits for a lock held by
/// another process rather than failing at once. WAL itself is set once on the file at start.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static SqlitePragmas Instance { get; } = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;";
        command.ExecuteNonQuery();
    }
}
