using System.Globalization;
using Npgsql;

namespace ChatCommerce.Testing;

/// <summary>
/// A real PostgreSQL server in a temporary data folder on a free loopback port. PostgreSQL refuses
/// to run as root, so as root it runs as the postgres user (runuser).
/// </summary>
/// <param name="durable">
/// Commits survive a crash (fsync and synchronous commit on), as on a real server: needed when
/// the server is killed on purpose. Otherwise durability is traded for speed: a killed server may
/// lose its last commits, which a test of the product must then not be about.
/// </param>
/// <param name="statementStats">
/// The server counts each statement's executions and plannings (<c>pg_stat_statements</c> with
/// <c>track_planning</c>; a database sees them once it has run <c>CREATE EXTENSION
/// pg_stat_statements</c>): for tests of how often the store's statements are planned. Off for
/// the load tool, whose figures should not carry the counting's cost.
/// </param>
public class PostgresInstance(bool durable = false, bool statementStats = false)
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "cc-pg-" + Guid.NewGuid().ToString("N")[..8]);
    private string _binDir = "";
    private int _databases;

    public int Port { get; private set; } = FreePort.Next();

    /// <summary>The server's data folder (its files, for tests that look at what is on disk).</summary>
    public string DataDirectory => _dataDir;

    public string AdminConnectionString => $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database=postgres;Pooling=false";

    public async Task StartAsync()
    {
        _binDir = Path.GetDirectoryName(ServerProcess.Find("pg_ctl", "/usr/lib/postgresql/*/bin/pg_ctl"))!;
        Directory.CreateDirectory(_dataDir);
        if (IsRoot)
        {
            await ServerProcess.RunAsync("chown", "postgres:postgres", _dataDir);
        }

        string[] initdb = ["-D", _dataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C"];
        await AsPostgresAsync("initdb", durable ? initdb : [.. initdb, "--no-sync"]);
        // A free port can be taken by another test between asking for it and the server binding
        // it: then start again on another one. Any other failure says what the server logged.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ResumeAsync();
                return;
            }
            catch (InvalidOperationException e)
            {
                var log = Path.Combine(_dataDir, "server.log");
                var said = File.Exists(log) ? await File.ReadAllTextAsync(log) : "";
                if (attempt < 3 && said.Contains("could not bind", StringComparison.OrdinalIgnoreCase))
                {
                    Port = FreePort.Next();
                    continue;
                }

                throw new InvalidOperationException(e.Message + "\nserver.log:\n" + (said.Length > 4000 ? said[^4000..] : said), e);
            }
        }
    }

    /// <summary>A new empty database, so each host starts clean.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "cc_test_" + Interlocked.Increment(ref _databases).ToString(CultureInfo.InvariantCulture) + "_" + Guid.NewGuid().ToString("N")[..6];
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database={name}";
    }

    /// <summary>Stops the server at once (open connections are cut); <see cref="ResumeAsync"/> starts it again.</summary>
    public Task KillAsync() => AsPostgresAsync("pg_ctl", "-D", _dataDir, "-m", "immediate", "-w", "stop");

    public Task ResumeAsync()
    {
        var options = $"-p {Port.ToString(CultureInfo.InvariantCulture)} -k {_dataDir} -c listen_addresses=127.0.0.1 -c max_connections=300"
            + (durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off")
            + (statementStats ? " -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track_planning=on" : "");
        return AsPostgresAsync("pg_ctl", "-D", _dataDir, "-o", options, "-l", Path.Combine(_dataDir, "server.log"), "-w", "-t", "60", "start");
    }

    /// <summary>The running server's process (the first line of its <c>postmaster.pid</c>), or null when it is not running.</summary>
    public int? ServerProcessId => ServerProcessIdIn(_dataDir);

    /// <summary>The process of the server running on a data folder, or null when none is.</summary>
    public static int? ServerProcessIdIn(string dataDirectory)
    {
        try
        {
            var first = File.ReadLines(Path.Combine(dataDirectory, "postmaster.pid")).FirstOrDefault();
            return int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public async Task StopAsync()
    {
        try
        {
            await KillAsync();
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
