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

        var settings = Settings(root);
        CpuPinning.KeepOff(settings.HostCpu);
        var rate = Rate();
        var options = Options(rate);
        AnchorFigures? anchor = null;
        if (!Flag("no-anchor"))
        {
            Console.WriteLine("measuring bare Kestrel on the host's CPU with the same load…");
            anchor = await AnchorRun.MeasureAsync(settings, options);
        }

        var report = await MeasureAsync(settings, options, rate, Number("warmup", 10)) with { Anchor = anchor };
        Console.WriteLine(report.Format());
        return report.Clean ? 0 : 1;
    }

    case "compare":
    {
        if (Option("base") is not { } baseRevision)
        {
            Console.WriteLine("compare needs --base REVISION (a commit, tag or branch to measure this checkout against)");
            return 2;
        }

        var root = RepoRoot();
        Build(root);
        await using var worktree = await Comparison.CheckOutAsync(root, baseRevision);
        Build(worktree.Path);
        var rate = Rate();
        var options = Options(rate);
        // Every run starts servers of its own: a database given by PG or REDIS would carry one
        // run's data into the next.
        var head = Settings(root) with { Postgres = null, Redis = null };
        CpuPinning.KeepOff(head.HostCpu);
        var runs = new List<RunFigures>();
        var order = Comparison.Order((int)Number("pairs", 4));
        foreach (var (isHead, i) in order.Select((h, i) => (h, i)))
        {
            Console.WriteLine($"run {i + 1} of {order.Count}: {(isHead ? "head (this checkout)" : "base (" + baseRevision + ")")}");
            var report = await MeasureAsync(isHead ? head : head with { RepoRoot = worktree.Path }, options, rate, Number("warmup", 10));
            Console.WriteLine(report.Format());
            runs.Add(RunFigures.Of(isHead, report));
        }

        Console.WriteLine(Comparison.Format(runs, baseRevision, "this checkout"));
        return runs.All(r => r.Clean) ? 0 : 1;
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

    case "floor":
    {
        var root = RepoRoot();
        if (!Flag("no-build"))
        {
            Build(root);
        }

        CpuPinning.KeepOff(Environment.ProcessorCount >= 2 ? 1 : null);
        FloorDesign[] designs = Option("design") is { } named && named != "all"
            ? [.. named.Split(',').Select(d => Enum.Parse<FloorDesign>(d, ignoreCase: true))]
            : Enum.GetValues<FloorDesign>();
        return await DatabaseFloor.RunAsync(root, new FloorOptions((int)Number("turns", 100_000), (int)Number("group", 64), (int)Number("intake", 10), (int)Number("writers", 2), (int)Number("rounds", 2)) { Designs = designs });
    }

    case "scoring":
        return await ScoringBench.RunAsync((int)Number("customers", 1_000_000), (int)Number("orders", 3_000_000), (int)Number("touchpoints", 10_000_000), Environment.GetEnvironmentVariable("PG"));

    default:
        Console.WriteLine("""
            ChatCommerce load and fault harness (the host runs as its own process, on CPU 1 when there are two):
              run    [--production] [--rate N] [--seconds 20] [--connections 32] [--users 10000] [--messenger 0.2] [--script shopping|messages] [--warmup 10] [--no-anchor] [--no-build]
                     signed LINE and Messenger webhooks of shoppers going through greeting, browsing, basket and checkout
                     (--script messages: the end-to-end bench's seven single messages instead);
                     without --rate as fast as acknowledged. PG / REDIS environment variables: use those servers.
              compare --base REVISION [--pairs 4] and the options of run but --no-anchor and --no-build (servers always its own)
                     this checkout and REVISION (built in a git worktree) measured in turn, base, head, head, base, …;
                     each run's figures, then medians, ranges, each pair's ratio and CPU per answered turn.
              faults [--scenario kill|redis|postgres|500|429|hang|twice|all] [--users 1000] [--rate 200] [--seconds 20] [--hang 60] [--no-build]
              floor  [--turns 100000] [--group 64] [--intake 10] [--writers 2] [--rounds 2] [--design before,triggers,explicit|all] [--no-build]
                     the database's floor: the writes of an answered turn (copied from what the host wrote for the bench's
                     seven messages) in ideal groups on a PostgreSQL of its own, nothing else; its CPU and log a turn.
              scoring [--customers 1000000] [--orders 3000000] [--touchpoints 10000000]
                     generates customers, identities, orders and touchpoints on a PostgreSQL of its own (or PG) and times
                     the nightly customer scoring (target: under 5 minutes), and one order's rescoring of its customer.
            """);
        return command == "help" ? 0 : 2;
}

LoadSettings Settings(string root) => new()
{
    RepoRoot = root,
    Production = Flag("production"),
    Postgres = Environment.GetEnvironmentVariable("PG"),
    Redis = Environment.GetEnvironmentVariable("REDIS"),
    Users = (int)Number("users", 10_000),
    MessengerShare = Number("messenger", 0.2),
    Script = ShoppingScript.Named(Option("script") ?? "shopping"),
};

double? Rate() => Option("rate") is { } r ? double.Parse(r, CultureInfo.InvariantCulture) : null;

GeneratorOptions Options(double? rate) => new(TimeSpan.FromSeconds(Number("seconds", 20)), rate, (int)Number("connections", 32));

// One measured run: the host started (with its servers in production mode), warmed up, loaded.
static async Task<LoadReport> MeasureAsync(LoadSettings settings, GeneratorOptions options, double? rate, double warmup)
{
    Console.WriteLine($"starting the host ({(settings.Production ? "production: PostgreSQL + Redis" : "embedded: SQLite")}) on CPU {settings.HostCpu?.ToString(CultureInfo.InvariantCulture) ?? "any"}…");
    await using var rig = await LoadRig.StartAsync(settings);
    if (warmup > 0)
    {
        Console.WriteLine($"warming up for {warmup} s (not measured)…");
        var warm = new LoadGenerator(rig.HostEndPoint, rig.Webhooks, rig.Platform, rig.Shoppers.Take(Math.Min(500, rig.Shoppers.Count)));
        await rig.MeasureAsync(warm, options with { Duration = TimeSpan.FromSeconds(warmup), Rate = Math.Min(rate ?? 300, 300) }, TimeSpan.FromSeconds(10));
        rig.Platform.Reset();
    }

    Console.WriteLine($"offering {(rate is null ? "as fast as acknowledged" : rate + " webhooks/s")} over {settings.Users:N0} shoppers for {options.Duration.TotalSeconds} s on {options.Connections} connections…");
    var generator = new LoadGenerator(rig.HostEndPoint, rig.Webhooks, rig.Platform, rig.Shoppers);
    return await rig.MeasureAsync(generator, options, TimeSpan.FromSeconds(15));
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
