using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>
/// Brings a database made by an older version up to the model for additive changes: tables the
/// model has and the database lacks are created (with their indexes), columns are added (nullable,
/// or with the type's zero value as default). Nothing is ever dropped or altered, so no data is
/// lost; a change that renames or removes something needs a real migration.
/// </summary>
internal static class SchemaUpgrader
{
    public static async Task<IReadOnlyList<string>> UpgradeAsync(DbContext db, CancellationToken cancellationToken)
    {
        var changes = new List<string>();
        var sqlite = db.Database.IsSqlite();
        var connection = db.Database.GetDbConnection();
        if (connection.State != ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        try
        {
            var missingTables = new List<string>();
            foreach (var entity in db.Model.GetEntityTypes())
            {
                var table = entity.GetTableName();
                if (table is null)
                {
                    continue;
                }

                var columns = await ColumnsAsync(connection, table, sqlite, cancellationToken);
                if (columns.Count == 0)
                {
                    missingTables.Add(table);
                    continue;
                }

                var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
                foreach (var property in entity.GetProperties())
                {
                    var column = property.GetColumnName(store);
                    if (column is null || columns.Contains(column))
                    {
                        continue;
                    }

                    var type = property.GetColumnType();
                    var definition = property.IsNullable ? "NULL" : "NOT NULL DEFAULT " + ZeroValue(type);
                    var sql = $"ALTER TABLE \"{table}\" ADD COLUMN \"{column}\" {type} {definition}";
                    await db.Database.ExecuteSqlRawAsync(sql, cancellationToken);
                    changes.Add(sql);
                }
            }

            if (missingTables.Count > 0)
            {
                var script = db.Database.GenerateCreateScript();
                foreach (var statement in script.Split(";", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (missingTables.Any(t => statement.Contains($"TABLE \"{t}\"", StringComparison.Ordinal) || statement.Contains($"ON \"{t}\"", StringComparison.Ordinal)))
                    {
                        await db.Database.ExecuteSqlRawAsync(statement, cancellationToken);
                        changes.Add(statement.Split('\n')[0]);
                    }
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return changes;
    }

    private static string ZeroValue(string type)
    {
        var t = type.ToUpperInvariant();
        return t.Contains("INT", StringComparison.Ordinal) || t.Contains("NUMERIC", StringComparison.Ordinal) || t.Contains("REAL", StringComparison.Ordinal) || t.Contains("DOUBLE", StringComparison.Ordinal)
            ? "0"
            : t.Contains("BOOL", StringComparison.Ordinal) ? "FALSE" : "''";
    }

    private static async Task<HashSet<string>> ColumnsAsync(DbConnection connection, string table, bool sqlite, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@table";
        parameter.Value = table;
        command.Parameters.Add(parameter);
        command.CommandText = sqlite
            ? "SELECT name FROM pragma_table_info(@table)"
            : "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table";
        var columns = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }
}
