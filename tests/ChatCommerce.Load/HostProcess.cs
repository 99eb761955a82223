using System.Diagnostics;
using System.Globalization;

namespace ChatCommerce.Load;

/// <summary>The ChatCommerce host as a process of its own (so it can be killed with SIGKILL), optionally pinned to one CPU.</summary>
public sealed class HostProcess(string webDll, string contentRoot, string dataDir, int port, IReadOnlyDictionary<string, string> settings, int? cpu) : IAsyncDisposable
{
    private Process? _process;

    public string BaseUrl { get; } = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";

    public int Port => port;

    /// <summary>The host's process id while it runs.</summary>
    public int? ProcessId => _process is { HasExited: false } process ? process.Id : null;

    public string LogFile => Path.Combine(dataDir, "host.log");

    /// <summary>The web host's assembly as built by <c>dotnet build -c {configuration}</c>.</summary>
    public static string Dll(string repoRoot, string configuration) =>
        Path.Combine(repoRoot, "src", "ChatCommerce.Web", "bin", configuration, "net10.0", "ChatCommerce.Web.dll");

    /// <param name="ready">The path that says the host is up: <c>/health</c> (ready: warmed up) by default, <c>/health/live</c> for a restart under load, which takes webhooks at once.</param>
    public async Task StartAsync(TimeSpan timeout, string ready = "/health")
    {
        Directory.CreateDirectory(dataDir);
        var info = cpu is { } core && File.Exists("/usr/bin/taskset")
            ? new ProcessStartInfo("/usr/bin/taskset") { ArgumentList = { "-c", core.ToString(CultureInfo.InvariantCulture), "dotnet", webDll } }
            : new ProcessStartInfo("dotnet") { ArgumentList = { webDll } };
        info.ArgumentList.Add("--contentRoot");
        info.ArgumentList.Add(contentRoot);
        info.WorkingDirectory = dataDir;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.Environment["ASPNETCORE_URLS"] = BaseUrl;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("The host did not start.");
        var log = new StreamWriter(LogFile, append: true) { AutoFlush = true };
        _ = PumpAsync(_process.StandardOutput, log);
        _ = PumpAsync(_process.StandardError, log);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The host exited with {_process.ExitCode}; see {LogFile}.");
            }

            try
            {
                if ((await http.GetAsync(BaseUrl + ready)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The host did not become healthy in {timeout}; see {LogFile}.");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>SIGKILL: no shutdown, no flush; what was not committed is gone.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>Resident and peak memory of the host, in MiB.</summary>
    public (long Rss, long Peak) Memory()
    {
        try
        {
            var status = File.ReadAllLines($"/proc/{_process!.Id.ToString(CultureInfo.InvariantCulture)}/status");
            long Read(string name) => status.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal)) is { } line
                ? long.Parse(line.Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024
                : 0;
            return (Read("VmRSS"), Read("VmHWM"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or NullReferenceException)
        {
            return (0, 0);
        }
    }

    /// <summary>CPU seconds the host has used.</summary>
    public double CpuSeconds()
    {
        try
        {
            _process!.Refresh();
            return _process.TotalProcessorTime.TotalSeconds;
        }
        catch (InvalidOperationException)
        {
            return 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
    }

    private static async Task PumpAsync(StreamReader reader, StreamWriter log)
    {
        try
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                lock (log)
                {
                    log.WriteLine(line);
                }
            }
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
