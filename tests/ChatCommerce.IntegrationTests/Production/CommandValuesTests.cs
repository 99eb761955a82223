using System.Data.Common;
using System.Reflection;
using ChatCommerce.Infrastructure.Data;
using Npgsql;

namespace ChatCommerce.IntegrationTests.Production;

/// <summary>
/// Once the store's command is disposed, its connection (which stays with its pooled context
/// between uses) reaches none of the statement's values.
/// </summary>
[Collection(ProductionCollection.Name)]
public sealed class CommandValuesTests(ProductionServers servers)
{
    private const string Statement = "SELECT cardinality(@values)";

    [Fact]
    public async Task TheStoresCommandsLeaveNoValueBehindOnTheirConnection()
    {
        var database = await servers.Postgres.CreateDatabaseAsync();
        Assert.False(await ReachedAsync(database, static c => c.Command(null, Statement)), "the connection still reaches the values of a command made by Sql.Command");

        var prepared = new PreparedCommands(reuse: true);
        Assert.False(await ReachedAsync(database, c => prepared.Get(c, null, Statement), prepared.Dispose), "the connection still reaches the values of a command made by PreparedCommands");

        // Why the store does not use CreateCommand on PostgreSQL: Npgsql keeps that command for the
        // connection's next one, with its values. Should this fail, Npgsql no longer does, and
        // Sql.NewCommand may go back to CreateCommand.
        Assert.True(await ReachedAsync(database, static c => c.CreateCommand()), "Npgsql's own CreateCommand no longer keeps its values");
    }

    /// <summary>
    /// Runs the statement on a connection of its own through a command made by <paramref name="make"/>,
    /// gives the command up (<paramref name="done"/>, then disposed), lets another statement run as the
    /// connection's next user would, and tells whether the connection's objects still reach the values.
    /// </summary>
    private static async Task<bool> ReachedAsync(string database, Func<DbConnection, DbCommand> make, Action? done = null)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        var values = new[] { new string('x', 1000), new string('y', 1000) };
        var command = make(connection);
        command.CommandText = Statement;
        command.With("@values", values);
        Assert.Equal(2, Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        done?.Invoke();
        await command.DisposeAsync();

        // The physical connection's reader points at its last command until the next one runs.
        await using (var next = new NpgsqlCommand("SELECT 1", connection))
        {
            await next.ExecuteScalarAsync();
        }

        return Reaches(connection, values);
    }

    /// <summary>Whether <paramref name="target"/> is reachable from <paramref name="root"/> through instance fields.</summary>
    private static bool Reaches(object root, object target)
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var queue = new Queue<object>([root]);
        while (queue.TryDequeue(out var next))
        {
            if (ReferenceEquals(next, target))
            {
                return true;
            }

            var type = next.GetType();
            if (type.IsPrimitive || next is string or MemberInfo or Module or Assembly || !seen.Add(next))
            {
                continue;
            }

            if (next is Array array)
            {
                if (!type.GetElementType()!.IsPrimitive)
                {
                    foreach (var item in array)
                    {
                        Enqueue(item);
                    }
                }

                continue;
            }

            for (var declaring = type; declaring is not null; declaring = declaring.BaseType)
            {
                foreach (var field in declaring.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (!field.FieldType.IsPointer && !field.FieldType.IsByRefLike)
                    {
                        Enqueue(field.GetValue(next));
                    }
                }
            }
        }

        return false;

        void Enqueue(object? item)
        {
            if (item is not null)
            {
                queue.Enqueue(item);
            }
        }
    }
}
