using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>
/// Plain ADO.NET on the scope's EF connection, for the hot path (intake, turn commit, outbox):
/// multi-row statements and no change tracking. The SQL is written once for both databases;
/// where they differ the statement says so.
/// </summary>
internal static class Sql
{
    /// <summary>
    /// The scope's connection, opened for as long as the returned use is not disposed (opens and
    /// closes are counted: a transaction keeps it open past the use). A scope that waits between
    /// its statements, like a conversation drain on the NLU or a platform, holds no pooled
    /// connection while it waits.
    /// </summary>
    public static async Task<ConnectionUse> UseConnectionAsync(this ChatCommerceDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        return new ConnectionUse(db);
    }

    public static DbCommand Command(this DbConnection connection, IDbContextTransaction? transaction, string text)
    {
        var command = connection.NewCommand();
        command.CommandText = text;
        command.Transaction = transaction?.GetDbTransaction();
        return command;
    }

    /// <summary>
    /// A command of the connection that keeps nothing after it is disposed. On PostgreSQL it is
    /// made anew rather than by <c>CreateCommand</c>: Npgsql keeps the last command a connection
    /// made that way for its next one, with that command's values, and a connection stays with its
    /// pooled context. Every pooled context then held its last statement's values (a write's stored
    /// events, a group's states and replies) until it was used again, seconds later, so they
    /// outlived first collections and were copied in each (docs/throughput.md).
    /// </summary>
    public static DbCommand NewCommand(this DbConnection connection) =>
        connection is NpgsqlConnection npgsql ? new NpgsqlCommand(null, npgsql) : connection.CreateCommand();

    public static DbCommand With(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }

    public static string? NullableString(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? NullableLong(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static DateTimeOffset? Time(long? ms) => ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;

    public static long? Ms(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();

    public static string Cut(string? text, int max) => text is null ? "" : text.Length <= max ? text : text[..max];

    public static string? CutOrNull(string? text, int max) => text is null ? null : text.Length <= max ? text : text[..max];
}

/// <summary>An open connection, given back to the pool (unless a transaction still uses it) when disposed.</summary>
internal readonly struct ConnectionUse(ChatCommerceDbContext db) : IAsyncDisposable
{
    public DbConnection Connection => db.Database.GetDbConnection();

    public async ValueTask DisposeAsync() => await db.Database.CloseConnectionAsync();
}
