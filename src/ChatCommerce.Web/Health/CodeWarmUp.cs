using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using ChatCommerce.Conversations.Turns;
using Hangfire;
using Hangfire.Storage;

namespace ChatCommerce.Web.Health;

/// <summary>
/// Compiles the product's own code once the host has started, before the first shoppers need it.
/// Our assemblies have no precompiled form, so without this every method is compiled at its first
/// call: a profile of the end-to-end bench found the JIT taking a third of the host's core for the
/// first ten seconds of load, while webhooks and turns waited behind it. Here that work is done on
/// one background thread of the lowest priority, in the quiet after start and in the gaps of load.
/// What a first call alone can make (generic code made for our types, the database's compiled
/// queries) is still made then. Then the jobs due every minute run once (see <see cref="RunMinutelyJobs"/>)
/// and the hot path's parameter shapes are bound once (see <see cref="BindHotShapes"/>). The host
/// reports itself ready (<c>GET /health</c>) only when all of this is done (<see cref="Finished"/>).
/// </summary>
public sealed class CodeWarmUp(
    IHostApplicationLifetime lifetime, IConfiguration configuration, IServiceScopeFactory scopes, JobStorage jobs, IRecurringJobManager recurring, ILogger<CodeWarmUp> logger) : IHostedService
{
    /// <summary>Configuration key: false leaves every method to its first call (tests, tools).</summary>
    public const string Setting = "ChatCommerce:Runtime:CompileAtStart";

    private const string Prefix = "ChatCommerce.";

    /// <summary>Methods compiled by the warm-up (tests and diagnostics).</summary>
    public int Compiled { get; private set; }

    /// <summary>The assemblies whose code it compiled.</summary>
    public IReadOnlyList<string> Assemblies { get; private set; } = [];

    /// <summary>The recurring jobs it asked to run once (those due every minute).</summary>
    public IReadOnlyList<string> JobsRun { get; private set; } = [];

    /// <summary>How long the warm-up waits for the jobs it asked to run (see <see cref="AwaitJobs"/>).</summary>
    public static TimeSpan JobsWait { get; } = TimeSpan.FromMinutes(1);

    /// <summary>Parameter shapes of the hot path bound once (0 on SQLite, which binds no arrays).</summary>
    public int BoundShapes { get; private set; }

    /// <summary>Done when the warm-up has finished (or was not asked for): until then <c>GET /health</c> says the host is warming up.</summary>
    public Task Finished => _finished.Task;

    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!configuration.GetValue(Setting, true))
        {
            _finished.TrySetResult();
            return Task.CompletedTask;
        }

        lifetime.ApplicationStarted.Register(() =>
        {
            // Its own thread, not a pool thread: compiling takes seconds and the pool serves requests.
            new Thread(() =>
            {
                // The lowest priority: it uses what webhooks and turns leave of the core, never the other way round.
                ThreadNice.LowerCurrent(19);
                Run(lifetime.ApplicationStopping);
            }) { IsBackground = true, Name = "code warm-up" }.Start();
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Run(CancellationToken stopping)
    {
        var watch = Stopwatch.StartNew();
        var compiled = 0;
        var failed = 0;
        try
        {
            var assemblies = OurAssemblies();
            Assemblies = [.. assemblies.Select(a => a.GetName().Name!)];
            foreach (var assembly in assemblies)
            {
                foreach (var type in Types(assembly))
                {
                    if (type.ContainsGenericParameters || type.IsInterface)
                    {
                        continue;
                    }

                    foreach (var method in Bodies(type))
                    {
                        if (stopping.IsCancellationRequested)
                        {
                            return;
                        }

                        try
                        {
                            RuntimeHelpers.PrepareMethod(method.MethodHandle);
                            compiled++;
                        }
                        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or InvalidOperationException or BadImageFormatException or TypeLoadException or MissingMethodException)
                        {
                            // A method the runtime cannot compile ahead of its call; its first call will.
                            failed++;
                        }
                    }
                }
            }

            Compiled = compiled;
            logger.LogInformation("Compiled {Compiled} methods of the product's code in {Seconds:0.0} s after start ({Failed} left to their first call)", compiled, watch.Elapsed.TotalSeconds, failed);
            AwaitJobs(RunMinutelyJobs(), stopping);
            BindHotShapes(stopping);
        }
        catch (Exception ex)
        {
            // Only a warm-up: every method still compiles at its first call.
            logger.LogWarning(ex, "Compiling the product's code at start stopped after {Compiled} methods", compiled);
        }
        finally
        {
            _finished.TrySetResult();
        }
    }

    /// <summary>
    /// Asks for one run now of every recurring job due each minute; returns the background jobs
    /// made for them. Their first run is dear: EF Core compiles a query at its first execution, and
    /// these jobs' queries (unpaid orders with their lines, the shop's payment settings, cases past
    /// their deadlines) share nothing with the turns' statements: a profile of the bench found their
    /// first run, at the first minute's turn, taking a tenth of the host's core for ten seconds in
    /// the middle of the load. Run once now, in the quiet after start, that cost is paid before the
    /// shoppers' traffic builds. Nothing else changes: each of these jobs would run within the
    /// minute anyway and is safe to run at any time.
    /// </summary>
    private List<string> RunMinutelyJobs()
    {
        var made = new List<string>();
        try
        {
            List<RecurringJobDto> due;
            using (var connection = jobs.GetConnection())
            {
                due = connection.GetRecurringJobs();
            }

            var minutely = due.Where(j => j.Cron == Cron.Minutely()).Select(j => j.Id).ToList();
            foreach (var id in minutely)
            {
                if (recurring is IRecurringJobManagerV2 manager)
                {
                    if (manager.TriggerJob(id) is { } job)
                    {
                        made.Add(job);
                    }
                }
                else
                {
                    recurring.Trigger(id);
                }
            }

            JobsRun = minutely;
            logger.LogInformation("Asked the {Count} jobs due every minute to run once now ({Jobs})", minutely.Count, string.Join(", ", minutely));
        }
        catch (Exception ex)
        {
            // Only a warm-up: the jobs still run at the minute's turn.
            logger.LogWarning(ex, "Could not ask the jobs due every minute to run at start");
        }

        return made;
    }

    /// <summary>
    /// Waits (at most <see cref="JobsWait"/>) until the jobs asked for have run, so that the host
    /// says it is ready (<c>GET /health</c>) only once their first run is behind it: a load balancer,
    /// or a load test, then sends traffic to a host that has nothing left to compile. A job that
    /// fails still ends the wait (its retry is Hangfire's business, not the warm-up's).
    /// </summary>
    private void AwaitJobs(List<string> made, CancellationToken stopping)
    {
        if (made.Count == 0)
        {
            return;
        }

        var watch = Stopwatch.StartNew();
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                using (var connection = jobs.GetConnection())
                {
                    made.RemoveAll(job => connection.GetStateData(job)?.Name is "Succeeded" or "Failed" or "Deleted");
                }

                if (made.Count == 0)
                {
                    logger.LogInformation("The jobs due every minute ran in {Seconds:0.0} s", watch.Elapsed.TotalSeconds);
                    return;
                }

                if (watch.Elapsed > JobsWait)
                {
                    logger.LogWarning("{Count} of the jobs due every minute had not run {Seconds:0} s after they were asked for; not waiting longer", made.Count, watch.Elapsed.TotalSeconds);
                    return;
                }

                stopping.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(100));
            }
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not follow the jobs due every minute; not waiting for them");
        }
    }

    /// <summary>
    /// Binds once the parameter shapes of the hot path's statements (see <see cref="Infrastructure.Data.HotPathShapes"/>):
    /// Npgsql resolves its converters for a type at its first binding, and for the arrays the intake
    /// and the turns bind that took most of the first webhook's acknowledgement (233–366 ms against
    /// 136–169 ms with this, measured on an idle host after the warm-up).
    /// </summary>
    private void BindHotShapes(CancellationToken stopping)
    {
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<Infrastructure.Data.ChatCommerceDbContext>();
            // Its own thread, not the pool's: waiting here holds no thread a request needs.
            var bound = Infrastructure.Data.HotPathShapes.BindAsync(db, stopping).GetAwaiter().GetResult();
            BoundShapes = bound;
            logger.LogInformation("Bound {Count} parameter shapes of the hot path's statements", bound);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Binding the hot path's parameter shapes at start failed");
        }
    }

    /// <summary>The product's assemblies: the host's and every ChatCommerce assembly it references, however deep.</summary>
    private static List<Assembly> OurAssemblies()
    {
        var found = new Dictionary<string, Assembly>(StringComparer.Ordinal);
        var next = new Queue<Assembly>([typeof(CodeWarmUp).Assembly]);
        while (next.TryDequeue(out var assembly))
        {
            if (!found.TryAdd(assembly.GetName().Name!, assembly))
            {
                continue;
            }

            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (reference.Name is { } name && name.StartsWith(Prefix, StringComparison.Ordinal) && !found.ContainsKey(name))
                {
                    try
                    {
                        next.Enqueue(Assembly.Load(reference));
                    }
                    catch (FileNotFoundException)
                    {
                    }
                }
            }
        }

        return [.. found.Values];
    }

    private static Type[] Types(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return [.. ex.Types.OfType<Type>()];
        }
    }

    private const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    /// <summary>Methods and constructors with a body of IL, not generic (their code depends on the types they are made for).</summary>
    private static IEnumerable<MethodBase> Bodies(Type type) =>
        type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared))
            .Where(m => !m.IsAbstract && !m.ContainsGenericParameters
                && (m.MethodImplementationFlags & (MethodImplAttributes.InternalCall | MethodImplAttributes.Runtime)) == 0
                && (m.Attributes & MethodAttributes.PinvokeImpl) == 0);
}
