using ChatCommerce.Infrastructure.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ChatCommerce.IntegrationTests.Pipeline;

/// <summary>Kept SQLite connections: statements compiled once a lane, a broken lane never reused, nothing open after shutdown, and never used where a scope's transaction must be joined.</summary>
public sealed class SqliteLanesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cc-lanes-").FullName;

    private string ConnectionString => $"Data Source={Path.Combine(_dir, "lanes.db")}";

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ALaneComesBackWithTheCommandsItPrepared()
    {
        using var lanes = new SqliteLanes(ConnectionString);
        var lane = lanes.Rent();
        var command = lane.Commands.Get(lane.Connection, null, "SELECT @x + 1");
        command.Parameters.Add(new SqliteParameter("@x", 41));
        Assert.Equal(42L, command.ExecuteScalar());
        lanes.Return(lane, healthy: true);

        var again = lanes.Rent();
        Assert.Same(lane, again);
        var reused = again.Commands.Get(again.Connection, null, "SELECT @x + 1");
        Assert.Same(command, reused);
        Assert.Empty(reused.Parameters); // bound afresh by each user
        reused.Parameters.Add(new SqliteParameter("@x", 1));
        Assert.Equal(2L, reused.ExecuteScalar());
        lanes.Return(again, healthy: true);
    }

    [Fact]
    public void ALaneWhoseUseFailedIsClosedAndNotGivenOut()
    {
        using var lanes = new SqliteLanes(ConnectionString);
        var broken = lanes.Rent();
        lanes.Return(broken, healthy: false);
        Assert.Equal(System.Data.ConnectionState.Closed, broken.Connection.State);
        var next = lanes.Rent();
        Assert.NotSame(broken, next);
        lanes.Return(next, healthy: true);
    }

    [Fact]
    public void ShuttingDownClosesTheIdleLanesAndOpensNoMore()
    {
        var lanes = new SqliteLanes(ConnectionString);
        var lane = lanes.Rent();
        lanes.Return(lane, healthy: true);
        lanes.Dispose();
        Assert.Equal(System.Data.ConnectionState.Closed, lane.Connection.State);
        Assert.False(lanes.Enabled);
        Assert.Throws<ObjectDisposedException>(() => lanes.Rent());
    }

    [Fact]
    public async Task InsideAScopeTransactionWritesJoinItOnTheScopeConnectionAndOutsideTheyTakeALane()
    {
        using var lanes = new SqliteLanes(ConnectionString);
        var options = new DbContextOptionsBuilder<SqliteChatCommerceDbContext>().UseSqlite(ConnectionString).Options;
        await using var db = new SqliteChatCommerceDbContext(options);
        var writes = new DbWrites(db, new SqliteWriteGate(), lanes);
        var patience = TimeSpan.FromSeconds(10);

        await using (var transaction = await writes.BeginAsync(CancellationToken.None))
        {
            // The scope holds the write gate: a lane would wait for it forever.
            await using var joined = await writes.WriteAsync(urgent: false, alone: true, CancellationToken.None).WaitAsync(patience);
            Assert.Same(db.Database.GetDbConnection(), joined.Connection);
            Assert.Same(db.Database.CurrentTransaction!.GetDbTransaction(), joined.Transaction);
            await using var read = await writes.ReadAsync(CancellationToken.None).WaitAsync(patience);
            Assert.Same(db.Database.GetDbConnection(), read.Connection);
        }

        await using (var write = await writes.WriteAsync(urgent: false, alone: false, CancellationToken.None).WaitAsync(patience))
        {
            Assert.NotSame(db.Database.GetDbConnection(), write.Connection);
            Assert.NotNull(write.Transaction);
            await write.CommitAsync(CancellationToken.None);
        }

        await using var lone = await writes.ReadAsync(CancellationToken.None).WaitAsync(patience);
        Assert.NotSame(db.Database.GetDbConnection(), lone.Connection);
    }
}
