using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>
/// SQLite connections kept open for the hot path (intake, a drain's read, the commit group, the
/// outbox's completions), each with the commands it has prepared. SQLite compiles a statement
/// text into a program before it runs it, and for the short statements of a turn the compiling
/// (parsing, name resolution, code generation) cost more than running them; a connection given
/// back to the pool finalises its statements (Microsoft.Data.Sqlite disposes a connection's
/// commands when it closes, and EF Core closes a pooled context's connection), so the scope's own
/// connection compiled every statement every time. A lane keeps both open: each text is compiled
/// once per lane and then only bound and run.
/// </summary>
/// <remarks>
/// A lane is rented for one use and given back; it never holds a transaction while idle, so it
/// keeps no snapshot and no lock (WAL checkpoints go on). Writes on a lane still queue at the
/// <see cref="SqliteWriteGate"/>. A lane whose use failed is closed rather than given back.
/// Lanes open without pooling: closing one (at shutdown) closes the file.
/// </remarks>
public sealed class SqliteLanes : IDisposable
{
    /// <summary>Idle lanes kept at most (more are opened under a burst and closed when given back).</summary>
    private const int MaxIdle = 8;

    private readonly string? _connectionString;
    private readonly ConcurrentBag<SqliteLane> _idle = [];
    private int _idleCount;
    private volatile bool _disposed;

    /// <param name="connectionString">The store's SQLite connection string; null on PostgreSQL (no lanes).</param>
    public SqliteLanes(string? connectionString)
    {
        _connectionString = connectionString is null ? null : new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
    }

    public bool Enabled => _connectionString is not null && !_disposed;

    internal SqliteLane Rent()
    {
        if (_idle.TryTake(out var lane))
        {
            Interlocked.Decrement(ref _idleCount);
            return lane;
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            SqlitePragmas.Apply(connection);
            return new SqliteLane(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Takes a lane back; <paramref name="healthy"/> false (its use failed) closes it.</summary>
    internal void Return(SqliteLane lane, bool healthy)
    {
        if (healthy && !_disposed)
        {
            if (Interlocked.Increment(ref _idleCount) <= MaxIdle)
            {
                _idle.Add(lane);
                if (_disposed && _idle.TryTake(out var late))
                {
                    // Shut down meanwhile: nothing may stay open.
                    late.Dispose();
                }

                return;
            }

            Interlocked.Decrement(ref _idleCount);
        }

        lane.Dispose();
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var lane))
        {
            lane.Dispose();
        }
    }
}

/// <summary>One kept connection and the commands prepared on it.</summary>
internal sealed class SqliteLane(SqliteConnection connection) : IDisposable
{
    public SqliteConnection Connection => connection;

    public PreparedCommands Commands { get; } = new();

    public void Dispose()
    {
        Commands.Dispose();
        connection.Dispose();
    }
}

/// <summary>
/// Commands kept by their statement text, so that SQLite compiles a text once for as long as they
/// live. At its capacity (texts that vary, like a row of parameters per item, could grow without
/// end) it starts again empty. Made with <c>reuse: false</c> it hands out a new command each time
/// (and still disposes them all): for connections that are not kept, where nothing is saved.
/// </summary>
internal sealed class PreparedCommands(bool reuse = true, int capacity = 96) : IDisposable
{
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);
    private readonly List<DbCommand> _once = [];

    /// <summary>The command for the text with no parameters yet, on the transaction given. Not to be disposed by the caller.</summary>
    public DbCommand Get(DbConnection connection, DbTransaction? transaction, string text)
    {
        if (reuse && _commands.TryGetValue(text, out var command))
        {
            command.Parameters.Clear();
            command.Transaction = transaction;
            return command;
        }

        if (_commands.Count >= capacity)
        {
            Dispose();
        }

        command = connection.NewCommand();
        command.CommandText = text;
        command.Transaction = transaction;
        if (reuse)
        {
            _commands[text] = command;
        }
        else
        {
            _once.Add(command);
        }

        return command;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values.Concat(_once))
        {
            command.Dispose();
        }

        _commands.Clear();
        _once.Clear();
    }
}
