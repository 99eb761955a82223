using System.Diagnostics;
using System.Globalization;
using System.Net;
using ChatCommerce.Testing;

namespace ChatCommerce.Load;

/// <summary>Measures <see cref="Anchor"/> (bare Kestrel) with the same load, on the host's CPU, in its own process.</summary>
public static class AnchorRun
{
    public static async Task<AnchorFigures> MeasureAsync(LoadSettings settings, GeneratorOptions options)
    {
        var port = FreePort.Next();
        var self = typeof(AnchorRun).Assembly.Location;
        var arguments = new List<string> { "dotnet", self, "anchor", "--urls", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}" };
        var info = settings.HostCpu is { } cpu && File.Exists("/usr/bin/taskset")
            ? new ProcessStartInfo("/usr/bin/taskset") { ArgumentList = { "-c", cpu.ToString(CultureInfo.InvariantCulture) } }
            : new ProcessStartInfo(arguments[0]);
        foreach (var argument in info.FileName == "dotnet" ? arguments.Skip(1) : arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("The anchor did not start.");
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        try
        {
            using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) })
            {
                for (var i = 0; i < 100; i++)
                {
                    try
                    {
                        if ((await http.GetAsync($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/health")).IsSuccessStatusCode)
                        {
                            break;
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        await Task.Delay(200);
                    }
                }
            }

            var platform = new StandInPlatform();
            var webhooks = new Webhooks(LoadRig.LineSecret, LoadRig.MessengerSecret, "104000000000001", platform);
            var shoppers = Enumerable.Range(0, settings.Users).Select(i => new Shopper(i, i % 100 < settings.MessengerShare * 100, settings.Script)).ToList();
            var endpoint = new IPEndPoint(IPAddress.Loopback, port);

            // Warm the JIT first, as the host gets its warm-up.
            var warm = new LoadGenerator(endpoint, webhooks, platform, shoppers);
            await warm.RunAsync(options with { Duration = TimeSpan.FromSeconds(3), AnswerOnAck = true }, CancellationToken.None);
            var generator = new LoadGenerator(endpoint, webhooks, platform, shoppers);
            var started = Stopwatch.GetTimestamp();
            await generator.RunAsync(options with { AnswerOnAck = true }, CancellationToken.None);
            return new AnchorFigures(generator.Counts.Acknowledged / Stopwatch.GetElapsedTime(started).TotalSeconds, generator.Acks.Percentile(99));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
