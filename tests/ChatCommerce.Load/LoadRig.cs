using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ChatCommerce.Testing;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ChatCommerce.Load;

/// <summary>What a run is made of.</summary>
public sealed record LoadSettings
{
    public required string RepoRoot { get; init; }

    public string Configuration { get; init; } = "Release";

    /// <summary>PostgreSQL and Redis (started here unless given); otherwise the embedded SQLite default.</summary>
    public bool Production { get; init; }

    public string? Postgres { get; init; }

    public string? Redis { get; init; }

    public int Users { get; init; } = 10_000;

    /// <summary>Share of the shoppers on Messenger (the rest on LINE).</summary>
    public double MessengerShare { get; init; } = 0.2;

    /// <summary>What every shopper says (<see cref="ShoppingScript"/>): whole conversations unless told.</summary>
    public IReadOnlyList<ScriptStep> Script { get; init; } = ShoppingScript.Thai;

    /// <summary>The host's CPU (taskset), when the machine has more than one; everything else runs on the others.</summary>
    public int? HostCpu { get; init; } = Environment.ProcessorCount >= 2 ? 1 : null;

    /// <summary>More host settings (configuration keys with ':').</summary>
    public IReadOnlyDictionary<string, string> HostSettings { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// Everything a load or fault run needs: the servers (production mode), the stand-in platform,
/// the host as a separate process on its own CPU, and the shoppers.
/// </summary>
public sealed class LoadRig : IAsyncDisposable
{
    public const string LineSecret = "load-line-secret-8c570fa6dd201bb3";
    public const string MessengerSecret = "load-app-secret-5da47c9c7409e70d";
    private const string PageId = "104000000000001";
    private readonly WebApplication _platformHost;
    private readonly string _dataDir;
    private readonly string _adminKey = "load-admin-" + Guid.NewGuid().ToString("N");

    private LoadRig(LoadSettings settings, WebApplication platformHost, StandInPlatform platform, HostProcess host, string dataDir, PostgresInstance? postgres, RedisInstance? redis, string? postgresConnection)
    {
        Settings = settings;
        _platformHost = platformHost;
        Platform = platform;
        Host = host;
        _dataDir = dataDir;
        Postgres = postgres;
        Redis = redis;
        PostgresConnection = postgresConnection;
        Webhooks = new Webhooks(LineSecret, MessengerSecret, PageId, platform);
        Shoppers = Enumerable.Range(0, settings.Users).Select(i => new Shopper(i, i % 100 < settings.MessengerShare * 100, settings.Script)).ToList();
    }

    public LoadSettings Settings { get; }

    public StandInPlatform Platform { get; }

    public HostProcess Host { get; private set; }

    /// <summary>The servers this rig started (null when given or not used).</summary>
    public PostgresInstance? Postgres { get; }

    public RedisInstance? Redis { get; }

    public string? PostgresConnection { get; }

    public Webhooks Webhooks { get; }

    public IReadOnlyList<Shopper> Shoppers { get; }

    public IPEndPoint HostEndPoint => new(IPAddress.Loopback, Host.Port);

    public static async Task<LoadRig> StartAsync(LoadSettings settings)
    {
        PostgresInstance? postgres = null;
        RedisInstance? redis = null;
        var postgresConnection = settings.Postgres;
        var redisConnection = settings.Redis;
        if (settings.Production)
        {
            if (postgresConnection is null)
            {
                // Durable, as a real server: the fault scenarios kill it and count on its commits.
                postgres = new PostgresInstance(durable: true);
                await postgres.StartAsync();
                postgresConnection = await postgres.CreateDatabaseAsync();
            }

            if (redisConnection is null)
            {
                redis = new RedisInstance();
                await redis.StartAsync();
                redisConnection = redis.ConnectionString;
            }
        }

        var platform = new StandInPlatform();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var platformHost = builder.Build();
        platform.Map(platformHost);
        await platformHost.StartAsync();
        var platformUrl = platformHost.Urls.First().TrimEnd('/');

        var dataDir = Path.Combine(Path.GetTempPath(), "cc-load-" + Guid.NewGuid().ToString("N")[..8]);
        var rig = new LoadRig(settings, platformHost, platform, null!, dataDir, postgres, redis, postgresConnection);
        var hostSettings = new Dictionary<string, string>
        {
            ["ChatCommerce:DataDirectory"] = dataDir,
            ["ChatCommerce:Language:ModelDirectory"] = Path.Combine(Path.GetTempPath(), "cc-models-load"),
            ["ChatCommerce:Admin:ApiKey"] = rig._adminKey,
            ["ChatCommerce:Line:ChannelSecret"] = LineSecret,
            ["ChatCommerce:Line:ChannelAccessToken"] = "load-token",
            ["ChatCommerce:Line:ApiBaseUrl"] = platformUrl,
            ["ChatCommerce:Line:DataApiBaseUrl"] = platformUrl,
            ["ChatCommerce:Messenger:AppSecret"] = MessengerSecret,
            ["ChatCommerce:Messenger:PageAccessToken"] = "load-page-token",
            ["ChatCommerce:Messenger:VerifyToken"] = "load-verify",
            ["ChatCommerce:Messenger:GraphApiBaseUrl"] = platformUrl + "/v25.0",
        };
        if (postgresConnection is not null)
        {
            hostSettings["ConnectionStrings:Postgres"] = postgresConnection;
        }

        if (redisConnection is not null)
        {
            hostSettings["ConnectionStrings:Redis"] = redisConnection;
        }

        foreach (var (key, value) in settings.HostSettings)
        {
            hostSettings[key] = value;
        }

        var dll = HostProcess.Dll(settings.RepoRoot, settings.Configuration);
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Build the host first: dotnet build -c {settings.Configuration} src/ChatCommerce.Web", dll);
        }

        rig.Host = new HostProcess(dll, Path.Combine(settings.RepoRoot, "src", "ChatCommerce.Web"), dataDir, FreePort.Next(), hostSettings, settings.HostCpu);
        await rig.Host.StartAsync(TimeSpan.FromMinutes(3));
        platform.EchoTo(rig.Host.BaseUrl + "/webhooks/messenger", MessengerSecret, PageId);
        await rig.PrepareShopAsync();
        return rig;
    }

    /// <summary>
    /// Starts the host again on the same data after it was killed (or stopped): done when it serves
    /// (<c>/health/live</c>), not when it has finished warming up, as a platform's redelivery would find it.
    /// </summary>
    public Task RestartHostAsync() => Host.StartAsync(TimeSpan.FromMinutes(3), "/health/live");

    /// <summary>Enough stock that every shopper can order again and again.</summary>
    private async Task PrepareShopAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(Host.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _adminKey);
        var response = await http.PutAsJsonAsync("/api/v1/products/SN-MNG/stock", new { stock = 1_000_000 });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Runs the generator, then waits until every acknowledged event has its answer (or answers stop
    /// coming for <paramref name="quiet"/>), and reports.
    /// </summary>
    public async Task<LoadReport> MeasureAsync(LoadGenerator generator, GeneratorOptions options, TimeSpan quiet, Func<CancellationToken, Task>? during = null)
    {
        var cpu0 = Host.CpuSeconds();
        var database0 = DatabaseCpuSeconds();
        var tool0 = Environment.CpuUsage.TotalTime;
        var steal = new CpuSteal();
        var started = Stopwatch.GetTimestamp();
        using var stop = new CancellationTokenSource();
        var load = generator.RunAsync(options, stop.Token);
        if (during is not null)
        {
            await during(stop.Token);
        }

        await load;
        var loadSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await generator.FinishRedeliveriesAsync(quiet * 4);
        await WaitForAnswersAsync(quiet);
        var memory = Host.Memory();
        var stolen = steal.Since();
        var databaseCpu = DatabaseCpuSeconds() - database0;
        var toolCpu = (Environment.CpuUsage.TotalTime - tool0).TotalSeconds;
        return LoadReport.Build(this, generator, loadSeconds, Host.CpuSeconds() - cpu0, memory, await CheckDatabaseAsync()) with { Steal = stolen, DatabaseCpuSeconds = databaseCpu, ToolCpuSeconds = toolCpu };
    }

    /// <summary>The CPU time of the PostgreSQL server this rig started (its processes together), or null without one.</summary>
    private double? DatabaseCpuSeconds() => Postgres?.ServerProcessId is { } pid ? ProcessTreeCpu.Seconds(pid) : null;

    private async Task WaitForAnswersAsync(TimeSpan quiet)
    {
        var lastCount = -1;
        var lastChange = Stopwatch.GetTimestamp();
        var deadline = Stopwatch.GetTimestamp() + (long)(Stopwatch.Frequency * 300);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var events = Platform.Events;
            var answered = events.Count(e => e.Answered);
            if (events.Where(e => e.Acknowledged).All(e => e.Answered))
            {
                return;
            }

            if (answered != lastCount)
            {
                lastCount = answered;
                lastChange = Stopwatch.GetTimestamp();
            }
            else if (Stopwatch.GetElapsedTime(lastChange) > quiet)
            {
                return;
            }

            await Task.Delay(200);
        }
    }

    /// <summary>
    /// What the database says: events by status, whether any turn was applied twice, and for a few
    /// events the platform never saw answered, their inbox and outbox rows (why they were not).
    /// </summary>
    public async Task<DatabaseCheck> CheckDatabaseAsync()
    {
        const string StatusSql = "SELECT \"Status\", COUNT(*) FROM inbox GROUP BY \"Status\"";
        const string InboundSql = "SELECT COUNT(*) FROM touchpoints WHERE \"Direction\"='Inbound' AND \"Kind\"<>'order'";
        var lost = Platform.Events.Where(e => e.Acknowledged && !e.Answered).Take(5).ToList();
        System.Data.Common.DbConnection connection = PostgresConnection is { } pg
            ? new NpgsqlConnection(pg)
            : new SqliteConnection($"Data Source={Path.Combine(_dataDir, "chatcommerce.db")};Mode=ReadOnly");
        await using (connection)
        {
            await connection.OpenAsync();
            var (statuses, inbound) = await ReadAsync(connection, StatusSql, InboundSql);
            var examples = new List<string>();
            foreach (var e in lost)
            {
                examples.Add($"{e.Seed} (shopper {e.Shopper.Id}, platform saw: '{e.History}'): "
                    + await RowsAsync(connection, "SELECT 'inbox ' || \"Status\" || ' attempts ' || \"Attempts\" || ' note ' || COALESCE(\"Note\", '-') FROM inbox WHERE \"Channel\" || ':' || \"EventId\" = @seed", e.Seed)
                    + "; " + await RowsAsync(connection, "SELECT 'outbox ' || \"Status\" || ' ' || \"Kind\" || ' attempts ' || \"Attempts\" || ' progress ' || \"Progress\" FROM outbox WHERE \"IdempotencySeed\" = @seed", e.Seed)
                    + "; " + await RowsAsync(connection, "SELECT 'handed to staff: ' || \"Reason\" || ' at ''' || COALESCE(\"LastText\", '') || '''' FROM handoffs WHERE \"Conversation\" LIKE '%' || @seed", e.Shopper.Id));
            }

            return new DatabaseCheck(statuses, inbound) { LostExamples = examples };
        }
    }

    private static async Task<string> RowsAsync(System.Data.Common.DbConnection connection, string sql, string seed)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@seed";
        parameter.Value = seed;
        command.Parameters.Add(parameter);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows.Count == 0 ? "no row" : string.Join(", ", rows);
    }

    private static async Task<(Dictionary<string, long>, long)> ReadAsync(System.Data.Common.DbConnection connection, string statusSql, string inboundSql)
    {
        var statuses = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = statusSql;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                statuses[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        await using var count = connection.CreateCommand();
        count.CommandText = inboundSql;
        return (statuses, Convert.ToInt64(await count.ExecuteScalarAsync(), CultureInfo.InvariantCulture));
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await _platformHost.StopAsync();
        await _platformHost.DisposeAsync();
        if (Redis is not null)
        {
            await Redis.StopAsync();
        }

        if (Postgres is not null)
        {
            await Postgres.StopAsync();
        }

        SqliteConnection.ClearAllPools();
        try
        {
            // The host's log outlives the run, for a look afterwards.
            File.Copy(Host.LogFile, Path.Combine(Path.GetTempPath(), "cc-load-host.log"), overwrite: true);
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <param name="Statuses">Inbox rows by status.</param>
/// <param name="InboundInteractions">Inbound interactions recorded: one per handled message or tap, more if a turn were applied twice.</param>
public sealed record DatabaseCheck(IReadOnlyDictionary<string, long> Statuses, long InboundInteractions)
{
    /// <summary>A few events never seen answered, with what the platform saw and their inbox and outbox rows.</summary>
    public IReadOnlyList<string> LostExamples { get; init; } = [];

    public long Stored => Statuses.Values.Sum();

    public long Handled => Statuses.GetValueOrDefault("Done") + Statuses.GetValueOrDefault("Recorded");

    public long Unhandled => Statuses.GetValueOrDefault("Pending") + Statuses.GetValueOrDefault("DeadLettered");

    /// <summary>Turns whose effects were written more than once (each handled event records exactly one inbound interaction).</summary>
    public long AppliedTwice => Math.Max(0, InboundInteractions - Handled);
}
