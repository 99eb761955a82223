using System.Data.Common;
using ChatCommerce.Domain.Ports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>
/// Write transactions of one scope. Every store that writes more than one row starts here, so that
/// inside a turn its writes join the turn's transaction (begun at the first write, committed with
/// the turn's own effects), and outside a turn it gets a transaction of its own.
/// </summary>
/// <remarks>
/// On SQLite one writer at a time is all the file allows; the <see cref="SqliteWriteGate"/> makes
/// writers of this process queue for it without busy-waiting. The hot path's statements that stand
/// outside any transaction of the scope run on kept connections there (<see cref="SqliteLanes"/>).
/// </remarks>
public sealed class DbWrites(ChatCommerceDbContext db, SqliteWriteGate gate, SqliteLanes? lanes = null) : IUnitOfWork
{
    private bool _inTurn;
    private WriteTransaction? _turn;
    private Func<CancellationToken, Task>? _beforeFirstWrite;
    private List<CommitClaim>? _claims;

    public ChatCommerceDbContext Db => db;

    // Told by the context's type where it can be: EF's IsSqlite() looks the provider's assembly
    // name up by reflection, and a scope (each drain, intake write and outbox lane) makes one of these.
    public bool IsSqlite { get; } = db is SqliteChatCommerceDbContext || (db is not PostgresChatCommerceDbContext && db.Database.IsSqlite());

    /// <summary>
    /// A transaction for the caller's writes. When one is open already (the caller is inside a
    /// turn or another use case) the writes join it and the returned handle commits nothing.
    /// </summary>
    public async Task<WriteTransaction> BeginAsync(CancellationToken cancellationToken) => await BeginAsync(urgent: false, cancellationToken);

    /// <param name="urgent">Goes before other queued writers on SQLite (someone is waiting on it, like a platform for its 200).</param>
    public async Task<WriteTransaction> BeginAsync(bool urgent, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return WriteTransaction.Joined;
        }

        if (_inTurn)
        {
            _turn = await OpenTurnAsync(urgent, cancellationToken);
            return WriteTransaction.Joined;
        }

        return await OpenAsync(urgent, cancellationToken);
    }

    async Task<IUnitOfWorkTransaction> IUnitOfWork.BeginAsync(CancellationToken cancellationToken) => await BeginAsync(cancellationToken);

    /// <summary>
    /// One write statement, on its own (atomic by itself; on SQLite it still queues at the gate
    /// rather than meet SQLITE_BUSY) or inside the transaction already open. Returns the rows it changed.
    /// </summary>
    public async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var write = await WriteAsync(urgent: false, alone: true, cancellationToken);
        var command = write.Command(sql);
        foreach (var (name, value) in parameters)
        {
            command.With(name, value);
        }

        var rows = await command.ExecuteNonQueryAsync(cancellationToken);
        await write.CommitAsync(cancellationToken);
        return rows;
    }

    /// <summary>
    /// <see cref="ExecuteAsync"/> for a statement that reaches its rows by key: on PostgreSQL under
    /// <see cref="KeyPlans"/> (a generic plan, so a status given as a parameter keeps every partial
    /// index out of it; a plan made for the values would see the status and could walk that
    /// status's index whole).
    /// </summary>
    public Task<int> ExecuteByKeyAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        ExecuteAsync(IsSqlite ? sql : KeyPlans.Statement + ";" + sql, cancellationToken, parameters);

    /// <summary>
    /// One statement that reaches its rows by key, on the scope's connection and in its open
    /// transaction if any: on PostgreSQL under <see cref="KeyPlans"/> in the same round trip, the
    /// settings put back after it (see <see cref="KeyPlans.OneStatement"/>), so it is planned once
    /// a connection and a turn's transaction goes on as before. Read it with
    /// <see cref="ReadByKeyAsync"/>, which steps past the settings' row.
    /// </summary>
    internal DbCommand ByKeyCommand(ConnectionUse use, string sql) =>
        use.Connection.Command(db.Database.CurrentTransaction, IsSqlite ? sql : KeyPlans.OneStatement(sql));

    /// <summary>Runs a <see cref="ByKeyCommand"/>: its reader starts at the statement's own rows.</summary>
    internal async Task<DbDataReader> ReadByKeyAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!IsSqlite)
        {
            await reader.NextResultAsync(cancellationToken); // the settings' row
        }

        return reader;
    }

    /// <summary>
    /// A connection for hot-path reads: a kept SQLite lane when the scope has no transaction open
    /// (else the scope's own connection, which sees what the transaction wrote).
    /// </summary>
    internal async Task<HotConnection> ReadAsync(CancellationToken cancellationToken)
    {
        if (LaneFree)
        {
            return HotConnection.OnLane(lanes!, lanes!.Rent(), write: null);
        }

        return HotConnection.OnScope(await db.UseConnectionAsync(cancellationToken), null, db, ReusesCommands);
    }

    /// <summary>
    /// A connection and transaction for hot-path writes, committed by <see cref="HotConnection.CommitAsync"/>
    /// and rolled back if disposed first. Outside any transaction of the scope, on SQLite, a kept
    /// lane (its commands stay prepared); inside one, the writes join it.
    /// </summary>
    /// <param name="urgent">Goes before other queued writers on SQLite (see <see cref="BeginAsync(bool, CancellationToken)"/>).</param>
    /// <param name="alone">One statement, atomic by itself: no transaction of its own (SQLite still queues at the gate), except inside a turn, whose transaction it opens or joins.</param>
    internal async Task<HotConnection> WriteAsync(bool urgent, bool alone, CancellationToken cancellationToken)
    {
        if (LaneFree)
        {
            var hold = await gate.EnterAsync(urgent, cancellationToken);
            SqliteLane? lane = null;
            try
            {
                lane = lanes!.Rent();
                var transaction = alone ? null : lane.Connection.BeginTransaction();
                return HotConnection.OnLane(lanes, lane, new WriteTransaction(transaction, hold));
            }
            catch
            {
                if (lane is not null)
                {
                    lanes!.Return(lane, healthy: false);
                }

                hold.Dispose();
                throw;
            }
        }

        var use = await db.UseConnectionAsync(cancellationToken);
        try
        {
            // Inside a turn even a single statement opens (or joins) the turn's transaction, as on
            // SQLite: run on its own it would commit whether or not the turn does.
            var write = alone && !IsSqlite && !_inTurn ? WriteTransaction.Joined : await BeginAsync(urgent, cancellationToken);
            return HotConnection.OnScope(use, write, db, ReusesCommands);
        }
        catch
        {
            await use.DisposeAsync();
            throw;
        }
    }

    // On PostgreSQL each statement gets a command of its own: Npgsql keeps an (auto-)prepared
    // command's parameter binding when its parameters are replaced, and sent the intake's first
    // chunk again for the next (npgsql/npgsql#3850; see the Infrastructure README). The server
    // prepares statements by text anyway, so reusing the command object would save nothing there.
    private bool ReusesCommands => IsSqlite;

    /// <summary>Lanes serve this scope now: SQLite, and no transaction of the scope (open or to come within a turn) to join.</summary>
    private bool LaneFree => lanes is { Enabled: true } && IsSqlite && !_inTurn && db.Database.CurrentTransaction is null;

    /// <summary>From now until <see cref="EndTurnAsync"/>, the first write opens the turn's transaction.</summary>
    /// <param name="beforeFirstWrite">Awaited (once) before that transaction opens.</param>
    internal void BeginTurn(Func<CancellationToken, Task>? beforeFirstWrite = null)
    {
        _inTurn = true;
        _turn = null;
        _beforeFirstWrite = beforeFirstWrite;
        _claims = null;
    }

    /// <summary>A turn is running in this scope: its writes commit with it.</summary>
    internal bool InTurn => _inTurn;

    /// <summary>
    /// Inside a turn, a write on a row that other turns contend for (a product's stock), left to
    /// the turn's commit: it runs last in the commit's statements, so the row is locked only from
    /// there to the commit instead of for the rest of the turn. It must change a row, or the turn's
    /// commit is a conflict and nothing of it stands (the turn runs again and sees why).
    /// </summary>
    /// <param name="committed">Called once the turn has committed with it.</param>
    internal void ClaimAtCommit(string sql, (string Name, object? Value)[] parameters, Action? committed = null)
    {
        if (!_inTurn)
        {
            throw new InvalidOperationException("Only a turn's writes wait for its commit.");
        }

        (_claims ??= []).Add(new CommitClaim(sql, parameters, committed));
    }

    /// <summary>Writes left to the turn's commit (<see cref="ClaimAtCommit"/>).</summary>
    internal IReadOnlyList<CommitClaim> Claims => _claims ?? (IReadOnlyList<CommitClaim>)[];

    /// <summary>True when a domain write of the turn has opened its transaction already.</summary>
    internal bool TurnTransactionOpen => _turn is not null;

    /// <summary>The turn's transaction, opened now if no domain write opened it yet.</summary>
    internal async Task<WriteTransaction> TurnTransactionAsync(CancellationToken cancellationToken) =>
        _turn ??= await OpenTurnAsync(urgent: false, cancellationToken);

    private async Task<WriteTransaction> OpenTurnAsync(bool urgent, CancellationToken cancellationToken)
    {
        if (_beforeFirstWrite is { } before)
        {
            _beforeFirstWrite = null;
            await before(cancellationToken);
        }

        return await OpenAsync(urgent, cancellationToken);
    }

    /// <summary>Ends the turn: rolls back whatever was not committed.</summary>
    internal async ValueTask EndTurnAsync()
    {
        _inTurn = false;
        _beforeFirstWrite = null;
        _claims = null;
        var turn = _turn;
        _turn = null;
        if (turn is not null)
        {
            var committed = turn.Committed;
            await turn.DisposeAsync();
            if (!committed)
            {
                // Entities the rolled-back writes saved are not in the database: forget them.
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<WriteTransaction> OpenAsync(bool urgent, CancellationToken cancellationToken)
    {
        var hold = IsSqlite ? await gate.EnterAsync(urgent, cancellationToken) : null;
        try
        {
            return new WriteTransaction(await db.Database.BeginTransactionAsync(cancellationToken), hold);
        }
        catch
        {
            hold?.Dispose();
            throw;
        }
    }
}

/// <summary>
/// Where hot-path statements run: a kept SQLite lane (given back when disposed) or the scope's
/// own connection (closed when disposed, its commands with it). Commands come prepared by text
/// from <see cref="Command"/> and belong to it; its writes commit through its <see cref="WriteTransaction"/>.
/// </summary>
internal sealed class HotConnection : IAsyncDisposable
{
    private readonly SqliteLanes? _lanes;
    private readonly SqliteLane? _lane;
    private readonly ConnectionUse _use;
    private readonly WriteTransaction? _write;

    private HotConnection(SqliteLanes? lanes, SqliteLane? lane, ConnectionUse use, WriteTransaction? write, DbConnection connection, DbTransaction? transaction, PreparedCommands commands)
    {
        _lanes = lanes;
        _lane = lane;
        _use = use;
        _write = write;
        Connection = connection;
        Transaction = transaction;
        Commands = commands;
    }

    /// <param name="write">The lane's own transaction and gate hold (null for a read).</param>
    internal static HotConnection OnLane(SqliteLanes lanes, SqliteLane lane, WriteTransaction? write) =>
        new(lanes, lane, default, write, lane.Connection, write?.DbTransaction, lane.Commands);

    /// <param name="reuse">Whether a text's command is reused within this use (see <see cref="PreparedCommands"/>).</param>
    internal static HotConnection OnScope(ConnectionUse use, WriteTransaction? write, ChatCommerceDbContext db, bool reuse) =>
        new(null, null, use, write, use.Connection, db.Database.CurrentTransaction?.GetDbTransaction(), new PreparedCommands(reuse));

    public DbConnection Connection { get; }

    /// <summary>The transaction its statements run in (null: each statement on its own).</summary>
    public DbTransaction? Transaction { get; }

    public PreparedCommands Commands { get; }

    /// <summary>The prepared command for the text, with no parameters yet.</summary>
    public DbCommand Command(string text) => Commands.Get(Connection, Transaction, text);

    /// <summary>A batch of statements on it, sharing its prepared commands.</summary>
    public SqlBatch Batch() => new(Connection, Transaction, Commands);

    public Task CommitAsync(CancellationToken cancellationToken) => _write?.CommitAsync(cancellationToken) ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_write is not null)
            {
                await _write.DisposeAsync();
            }
        }
        finally
        {
            if (_lane is not null)
            {
                // A lane whose transaction broke is closed rather than given to the next writer.
                _lanes!.Return(_lane, healthy: _write is not { Broken: true });
            }
            else
            {
                Commands.Dispose();
                await _use.DisposeAsync();
            }
        }
    }
}

/// <summary>
/// A write transaction and, on SQLite, the hold on the write gate it was begun under: commit it, or
/// dispose it to roll back (tolerating a connection that broke); either gives the gate back once.
/// A joined one does neither. The transaction is EF's (begun on the scope, so EF sees it) or a kept
/// lane's own; a single statement on a lane has a gate hold and no transaction.
/// </summary>
public sealed class WriteTransaction : IUnitOfWorkTransaction
{
    private readonly IDbContextTransaction? _scoped;
    private readonly DbTransaction? _transaction;
    private IDisposable? _hold;
    private bool _done;

    internal WriteTransaction(IDbContextTransaction scoped, IDisposable? hold)
        : this(scoped, scoped.GetDbTransaction(), hold)
    {
    }

    internal WriteTransaction(DbTransaction? transaction, IDisposable? hold)
        : this(null, transaction, hold)
    {
    }

    private WriteTransaction(IDbContextTransaction? scoped, DbTransaction? transaction, IDisposable? hold)
    {
        _scoped = scoped;
        _transaction = transaction;
        _hold = hold;
        // Joined: nothing to commit, roll back or give back, so done from the start (the shared
        // instance is never changed by a commit or dispose).
        _done = transaction is null && hold is null;
    }

    public static WriteTransaction Joined { get; } = new(null, null, null);

    /// <summary>False when the writes joined a transaction someone else commits.</summary>
    public bool Owned => _transaction is not null;

    /// <summary>The ADO.NET transaction (null when joined, or for a single statement).</summary>
    public DbTransaction? DbTransaction => _transaction;

    public bool Committed { get; private set; }

    /// <summary>True when committing or rolling back failed: the connection is not to be trusted again.</summary>
    public bool Broken { get; private set; }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (_done)
        {
            return;
        }

        try
        {
            if (_scoped is not null)
            {
                await _scoped.CommitAsync(cancellationToken);
            }
            else if (_transaction is not null)
            {
                await _transaction.CommitAsync(cancellationToken);
            }
        }
        catch
        {
            Broken = true;
            throw;
        }

        _done = true;
        Committed = true;
        Release();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_done)
            {
                _done = true;
                if (_scoped is not null)
                {
                    await _scoped.RollbackAsync();
                }
                else if (_transaction is not null)
                {
                    await _transaction.RollbackAsync();
                }
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or DbException)
        {
            // The connection broke: the database rolled it back already.
            Broken = true;
        }
        finally
        {
            try
            {
                if (_scoped is not null)
                {
                    await _scoped.DisposeAsync();
                }
                else if (_transaction is not null)
                {
                    await _transaction.DisposeAsync();
                }
            }
            finally
            {
                Release();
            }
        }
    }

    private void Release()
    {
        _hold?.Dispose();
        _hold = null;
    }
}

/// <summary>
/// One SQLite writer at a time in this process, queued instead of retried on SQLITE_BUSY. Urgent
/// writers (the intake, whose webhook waits for its 200) go before the others.
/// </summary>
/// <remarks>
/// Writers wait without a thread: turns run on a few CPU slots, and a turn blocked here would hold
/// its slot while the writer it waits for needs one to finish (with every slot so blocked, nothing
/// moves again). The gate passes straight from one writer to the next queued one, so a newcomer
/// never overtakes a queue, and an urgent writer never waits behind more than the current one.
/// </remarks>
public sealed class SqliteWriteGate
{
    private readonly Lock _lock = new();
    private readonly Queue<TaskCompletionSource<IDisposable>> _urgent = new();
    private readonly Queue<TaskCompletionSource<IDisposable>> _others = new();
    private bool _held;

    public Task<IDisposable> EnterAsync(bool urgent, CancellationToken cancellationToken)
    {
        TaskCompletionSource<IDisposable> waiter;
        lock (_lock)
        {
            if (!_held)
            {
                _held = true;
                return Task.FromResult<IDisposable>(new Exit(this));
            }

            waiter = new TaskCompletionSource<IDisposable>(TaskCreationOptions.RunContinuationsAsynchronously);
            (urgent ? _urgent : _others).Enqueue(waiter);
        }

        return cancellationToken.CanBeCanceled ? WaitAsync(waiter, cancellationToken) : waiter.Task;
    }

    private static async Task<IDisposable> WaitAsync(TaskCompletionSource<IDisposable> waiter, CancellationToken cancellationToken)
    {
        // A cancelled waiter stays queued until its turn comes; the release skips it.
        await using (cancellationToken.Register(static state => ((TaskCompletionSource<IDisposable>)state!).TrySetCanceled(), waiter))
        {
            return await waiter.Task;
        }
    }

    private void Release()
    {
        lock (_lock)
        {
            while (_urgent.TryDequeue(out var next) || _others.TryDequeue(out next))
            {
                if (next.TrySetResult(new Exit(this)))
                {
                    return; // handed over: still held
                }
            }

            _held = false;
        }
    }

    private sealed class Exit(SqliteWriteGate gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}

/// <summary>A write left to the turn's commit, which it must change a row in (see <see cref="DbWrites.ClaimAtCommit"/>).</summary>
internal sealed record CommitClaim(string Sql, (string Name, object? Value)[] Parameters, Action? Committed);
