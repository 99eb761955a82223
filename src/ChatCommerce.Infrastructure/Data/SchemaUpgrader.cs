using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>
/// For a database made before migrations (by EnsureCreated): brings it up to the first migration
/// for additive changes: tables the
/// model has and the database lacks are created (with their indexes), columns are added (nullable,
/// or with the type's zero value as default). Nothing is ever dropped or altered, so no data is
/// lost; a change that renames or removes something needs a real migration.
/// </summary>
#pragma warning disable EF1001 // The model differ is how EF Core itself turns a model into statements.
internal static class SchemaUpgrader
{
    /// <param name="model">The model to reach: the first migration's, so that the later migrations apply on top.</param>
    public static async Task<IReadOnlyList<string>> UpgradeAsync(DbContext db, IModel model, CancellationToken cancellationToken)
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
            foreach (var entity in model.GetEntityTypes())
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
                // The statements that would create that model from nothing, for the missing tables only.
                var operations = db.GetService<IMigrationsModelDiffer>().GetDifferences(null, model.GetRelationalModel())
                    .Where(o => o is CreateTableOperation create && missingTables.Contains(create.Name) || o is CreateIndexOperation index && missingTables.Contains(index.Table))
                    .ToList();
                foreach (var command in db.GetService<IMigrationsSqlGenerator>().Generate(operations, model))
                {
                    await db.Database.ExecuteSqlRawAsync(command.CommandText, cancellationToken);
                    changes.Add(command.CommandText.Split('\n')[0]);
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return changes;
    }

    /// <summary>Any table of the model exists.</summary>
    public static async Task<bool> AnyTableAsync(DbContext db, CancellationToken cancellationToken)
    {
        var sqlite = db.Database.IsSqlite();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            foreach (var table in db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>())
            {
                if ((await ColumnsAsync(connection, table, sqlite, cancellationToken)).Count > 0)
                {
                    return true;
                }
            }

            return false;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
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
