using System.Data.Common;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>
/// Statements sent together: in one round trip where the provider can batch (PostgreSQL), one
/// after the other otherwise (SQLite runs in-process, so there is no round trip to save). Each
/// statement's affected-row count, and the rows of those that return some, come back.
/// </summary>
/// <param name="commands">
/// Prepared commands to reuse (SQLite): batches run on the same connection share them, so a
/// statement text is compiled once for all of them (and for later users of a kept lane, see
/// <see cref="SqliteLanes"/>). Whoever passes it disposes them; without it each batch prepares and
/// disposes its own.
/// </param>
internal sealed class SqlBatch(DbConnection connection, DbTransaction? transaction, PreparedCommands? commands = null)
{
    private readonly List<Statement> _statements = [];

    public Statement Add(string text, bool returnsRows = false)
    {
        var statement = new Statement(text, returnsRows);
        _statements.Add(statement);
        return statement;
    }

    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        if (_statements.Count == 0)
        {
            return;
        }

        if (connection.CanCreateBatch)
        {
            await using var batch = connection.CreateBatch();
            batch.Transaction = transaction;
            foreach (var statement in _statements)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = statement.Text;
                foreach (var (name, value) in statement.Parameters)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = name;
                    parameter.Value = value ?? DBNull.Value;
                    command.Parameters.Add(parameter);
                }

                batch.BatchCommands.Add(command);
            }

            await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
            {
                foreach (var statement in _statements.Where(s => s.ReturnsRows))
                {
                    // Result sets come in statement order; statements without rows have none.
                    while (reader.FieldCount == 0 && await reader.NextResultAsync(cancellationToken))
                    {
                    }

                    await ReadRowsAsync(reader, statement, cancellationToken);
                    await reader.NextResultAsync(cancellationToken);
                }
            }

            for (var i = 0; i < _statements.Count; i++)
            {
                _statements[i].RecordsAffected = batch.BatchCommands[i].RecordsAffected;
            }

            return;
        }

        // One after the other; a statement text seen before reuses its command, so SQLite parses it once.
        var prepared = commands ?? new PreparedCommands();
        try
        {
            foreach (var statement in _statements)
            {
                await ExecuteOneAsync(statement, prepared, cancellationToken);
            }
        }
        finally
        {
            if (commands is null)
            {
                prepared.Dispose();
            }
        }
    }

    private async Task ExecuteOneAsync(Statement statement, PreparedCommands commands, CancellationToken cancellationToken)
    {
        var command = commands.Get(connection, transaction, statement.Text);
        foreach (var (name, value) in statement.Parameters)
        {
            command.With(name, value);
        }

        if (statement.ReturnsRows)
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await ReadRowsAsync(reader, statement, cancellationToken);
            await reader.CloseAsync();
            statement.RecordsAffected = reader.RecordsAffected;
        }
        else
        {
            statement.RecordsAffected = await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task ReadRowsAsync(DbDataReader reader, Statement statement, CancellationToken cancellationToken)
    {
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            statement.Rows.Add(row);
        }
    }

    internal sealed class Statement(string text, bool returnsRows)
    {
        public string Text => text;

        public bool ReturnsRows => returnsRows;

        public List<(string Name, object? Value)> Parameters { get; } = [];

        public int RecordsAffected { get; set; } = -1;

        public List<object?[]> Rows { get; } = [];

        public Statement With(string name, object? value)
        {
            Parameters.Add((name, value));
            return this;
        }
    }
}
