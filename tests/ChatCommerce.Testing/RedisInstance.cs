using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;

namespace ChatCommerce.Testing;

/// <summary>A real redis-server on a free loopback port; it can be stopped and started again on the same port.</summary>
public class RedisInstance
{
    private Process? _process;

    public int Port { get; } = FreePort.Next();

    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public IConnectionMultiplexer Connection { get; private set; } = null!;

    public async Task StartAsync()
    {
        await LaunchAsync();
        Connection = await ConnectWhenReadyAsync();
    }

    /// <summary>Kills the server (as a crash would); <see cref="ResumeAsync"/> starts it again.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async Task ResumeAsync()
    {
        await LaunchAsync();
        await (await ConnectWhenReadyAsync()).DisposeAsync();
    }

    public async Task StopAsync()
    {
        if (Connection is not null)
        {
            await Connection.DisposeAsync();
        }

        await KillAsync();
        _process?.Dispose();
    }

    private Task LaunchAsync()
    {
        var info = new ProcessStartInfo(ServerProcess.Find("redis-server")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no" })
        {
            info.ArgumentList.Add(arg);
        }

        _process?.Dispose();
        _process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start.");
        _ = _process.StandardOutput.ReadToEndAsync();
        _ = _process.StandardError.ReadToEndAsync();
        return Task.CompletedTask;
    }

    private async Task<IConnectionMultiplexer> ConnectWhenReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                var connection = await ConnectionMultiplexer.ConnectAsync(ConnectionString + ",connectTimeout=500,abortConnect=true");
                await connection.GetDatabase().PingAsync();
                return connection;
            }
            catch (RedisConnectionException) when (DateTime.UtcNow < deadline && _process is { HasExited: false })
            {
                await Task.Delay(100);
            }
        }
    }
}
