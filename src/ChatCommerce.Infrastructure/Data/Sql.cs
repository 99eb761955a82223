using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>
/// Plain ADO.NET on the scope's EF connection, for the hot path (intake, turn commit, outbox):
/// multi-row statements and no change tracking. The SQL is written once for both databases;
/// where they differ the statement says so.
/// </summary>
internal static class Sql
{
    /// <summary>The scope's connection, opened (EF keeps it open until the scope ends).</summary>
    public static async Task<DbConnection> ConnectionAsync(this ChatCommerceDbContext db, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        return connection;
    }

    public static DbCommand Command(this DbConnection connection, IDbContextTransaction? transaction, string text)
    {
        var command = connection.CreateCommand();
        command.CommandText = text;
        command.Transaction = transaction?.GetDbTransaction();
        return command;
    }

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
