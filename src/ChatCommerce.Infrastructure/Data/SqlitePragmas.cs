using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>
/// Every SQLite connection commits without waiting for the disk (synchronous=NORMAL, safe in WAL
/// mode: a crashed process loses nothing, a power cut the last moments) and waits for a lock held by
/// another process rather than failing at once; temporary data, above all the sub-journals of the
/// savepoints a group of turns takes one per turn, stays in memory instead of a file opened,
/// unlinked and closed each time. WAL itself is set once on the file at start.
/// Pragmas belong to the native handle, which the pool keeps across opens: each is set once.
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

    private static readonly ConditionalWeakTable<object, object> Applied = [];

    internal static void Apply(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle } && Applied.TryGetValue(handle, out _))
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA temp_store=MEMORY;";
        command.ExecuteNonQuery();
        if (connection is SqliteConnection { Handle: { } opened })
        {
            Applied.AddOrUpdate(opened, Applied);
        }
    }
}
