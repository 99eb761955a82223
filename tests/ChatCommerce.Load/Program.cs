using System.Diagnostics;
using System.Globalization;
using ChatCommerce.Load;

// The load and fault harness. See README.md; the last line of a run starts with RESULT.
var command = args.FirstOrDefault() ?? "help";
string? Option(string name) => args.SkipWhile(a => a != "--" + name).Skip(1).FirstOrDefault();
bool Flag(string name) => args.Contains("--" + name);
double Number(string name, double fallback) => Option(name) is { } value ? double.Parse(value, CultureInfo.InvariantCulture) : fallback;

switch (command)
{
    case "anchor":
        await Anchor.RunAsync(Option("urls") ?? "http://127.0.0.1:5901", LoadRig.LineSecret, LoadRig.MessengerSecret);
        return 0;
    case "run":
    {
        var root = RepoRoot();
        if (!Flag("no-build"))
        {
            Build(root);
        }

        var settings = new LoadSettings
        {
            RepoRoot = root,
            Production = Flag("production"),
            Postgres = Environment.GetEnvironmentVariable("PG"),
            Redis = Environment.GetEnvironmentVariable("REDIS"),
            Users = (int)Number("users", 10_000),
            MessengerShare = Number("messenger", 0.2),
        };
        CpuPinning.KeepOff(settings.HostCpu);
        var rate = Option("rate") is { } r ? double.Parse(r, CultureInfo.InvariantCulture) : (double?)null;
        var options = new GeneratorOptions(TimeSpan.FromSeconds(Number("seconds", 20)), rate, (int)Number("connections", 32));
        AnchorFigures? anchor = null;
        if (!Flag("no-anchor"))
        {
            Console.WriteLine("measuring bare Kestrel on the host's CPU with the same load…");
            anchor = await AnchorRun.MeasureAsync(settings, options);
        }

        Console.WriteLine($"starting the host ({(settings.Production ? "production: PostgreSQL + Redis" : "embedded: SQLite")}) on CPU {settings.HostCpu?.ToString(CultureInfo.InvariantCulture) ?? "any"}…");
        await using var rig = await LoadRig.StartAsync(settings);
        var warmup = Number("warmup", 10);
        if (warmup > 0)
        {
            Console.WriteLine($"warming up for {warmup} s (not measured)…");
            var warm = new LoadGenerator(rig.HostEndPoint, rig.Webhooks, rig.Platform, rig.Shoppers.Take(Math.Min(500, rig.Shoppers.Count)));
            await rig.MeasureAsync(warm, options with { Duration = TimeSpan.FromSeconds(warmup), Rate = Math.Min(rate ?? 300, 300) }, TimeSpan.FromSeconds(10));
            rig.Platform.Reset();
        }

        Console.WriteLine($"offering {(rate is null ? "as fast as acknowledged" : rate + " webhooks/s")} over {settings.Users:N0} shoppers for {options.Duration.TotalSeconds} s on {options.Connections} connections…");
        var generator = new LoadGenerator(rig.HostEndPoint, rig.Webhooks, rig.Platform, rig.Shoppers);
        var report = await rig.MeasureAsync(generator, options, TimeSpan.FromSeconds(15)) with { Anchor = anchor };
        Console.WriteLine(report.Format());
        return report.Clean ? 0 : 1;
    }

    case "faults":
    {
        var root = RepoRoot();
        if (!Flag("no-build"))
        {
            Build(root);
        }

        CpuPinning.KeepOff(Environment.ProcessorCount >= 2 ? 1 : null);
        var names = Option("scenario") is { } one && one != "all" ? [one] : FaultScenarios.Names;
        var failed = 0;
        foreach (var name in names)
        {
            var result = await FaultScenarios.RunAsync(name, root, (int)Number("users", 1000), Number("rate", 200), (int)Number("seconds", 20), TimeSpan.FromSeconds(Number("hang", 60)));
            Console.WriteLine(result.Format());
            failed += result.Passed ? 0 : 1;
        }

        Console.WriteLine($"RESULT scenarios={names.Length} failed={failed}");
        return failed == 0 ? 0 : 1;
    }

    case "scoring":
        return await ScoringBench.RunAsync((int)Number("customers", 1_000_000), (int)Number("orders", 3_000_000), (int)Number("touchpoints", 10_000_000), Environment.GetEnvironmentVariable("PG"));

    default:
        Console.WriteLine("""
            ChatCommerce load and fault harness (the host runs as its own process, on CPU 1 when there are two):
              run    [--production] [--rate N] [--seconds 20] [--connections 32] [--users 10000] [--messenger 0.2] [--warmup 10] [--no-anchor] [--no-build]
                     signed LINE and Messenger webhooks of shoppers going through greeting, browsing, basket and checkout;
                     without --rate as fast as acknowledged. PG / REDIS environment variables: use those servers.
              faults [--scenario kill|redis|postgres|500|429|hang|twice|all] [--users 1000] [--rate 200] [--seconds 20] [--hang 60] [--no-build]
              scoring [--customers 1000000] [--orders 3000000] [--touchpoints 10000000]
                     generates customers, identities, orders and touchpoints on a PostgreSQL of its own (or PG) and times
                     the nightly customer scoring (target: under 5 minutes), and one order's rescoring of its customer.
            """);
        return command == "help" ? 0 : 2;
}

static string RepoRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ChatCommerce.sln")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? throw new InvalidOperationException("Run from inside the repository.");
}

static void Build(string root)
{
    Console.WriteLine("building the host (dotnet build -c Release src/ChatCommerce.Web)…");
    using var build = Process.Start(new ProcessStartInfo("dotnet", ["build", "-c", "Release", "-nologo", "-v", "q", Path.Combine(root, "src", "ChatCommerce.Web")]) { RedirectStandardOutput = true })!;
    var output = build.StandardOutput.ReadToEnd();
    build.WaitForExit();
    if (build.ExitCode != 0)
    {
        throw new InvalidOperationException("The build failed:\n" + output);
    }
}
