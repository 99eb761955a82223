using System.Globalization;
using Npgsql;

namespace ChatCommerce.IntegrationTests.Support;

/// <summary>
/// A real PostgreSQL server in a temporary data folder on a free loopback port. PostgreSQL
/// refuses to run as root, so as root it runs as the postgres user (runuser).
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "cc-pg-" + Guid.NewGuid().ToString("N")[..8]);
    private string _binDir = "";
    private int _databases;

    public int Port { get; } = FreePort.Next();

    public string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false";

    public async Task InitializeAsync()
    {
        _binDir = Path.GetDirectoryName(ServerProcess.Find("pg_ctl", "/usr/lib/postgresql/*/bin/pg_ctl"))!;
        Directory.CreateDirectory(_dataDir);
        if (IsRoot)
        {
            await ServerProcess.RunAsync("chown", "postgres:postgres", _dataDir);
        }

        await AsPostgresAsync("initdb", "-D", _dataDir, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C");
        var options = $"-p {Port.ToString(CultureInfo.InvariantCulture)} -k {_dataDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
        await AsPostgresAsync("pg_ctl", "-D", _dataDir, "-o", options, "-l", Path.Combine(_dataDir, "server.log"), "-w", "-t", "60", "start");
    }

    /// <summary>A new empty database, so each host starts clean.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "cc_test_" + Interlocked.Increment(ref _databases).ToString(CultureInfo.InvariantCulture) + "_" + Guid.NewGuid().ToString("N")[..6];
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return $"Host=127.0.0.1;Port={Port};Username=postgres;Database={name}";
    }

    public async Task DisposeAsync()
    {
        try
        {
            await AsPostgresAsync("pg_ctl", "-D", _dataDir, "-m", "immediate", "-w", "stop");
        }
        finally
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private Task AsPostgresAsync(string tool, params string[] args)
    {
        var path = Path.Combine(_binDir, tool);
        return IsRoot ? ServerProcess.RunAsync("runuser", ["-u", "postgres", "--", path, .. args]) : ServerProcess.RunAsync(path, args);
    }
}
