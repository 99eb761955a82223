using ChatCommerce.Conversations.Contacts;
using ChatCommerce.Conversations.Inbox;
using ChatCommerce.Conversations.Outbox;
using ChatCommerce.Conversations.Turns;
using ChatCommerce.Domain.Catalog;
using ChatCommerce.Domain.Orders;
using ChatCommerce.Domain.Payments;
using ChatCommerce.Domain.Ports;
using ChatCommerce.Infrastructure.Data;
using ChatCommerce.Infrastructure.InProcess;
using ChatCommerce.Infrastructure.Jobs;
using ChatCommerce.Infrastructure.Redis;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.Redis.StackExchange;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace ChatCommerce.Infrastructure;

public static class InfrastructureServices
{
    /// <summary>
    /// An order is read with its lines and its promotions in one query: a few rows an order, and
    /// consistent without a transaction, which split queries are not. Said once here, EF Core does
    /// not warn about it at each first compilation of such a query.
    /// </summary>
    private const QuerySplittingBehavior OneQuery = QuerySplittingBehavior.SingleQuery;

    /// <summary>
    /// Relational data (with conversation state, inbox and outbox), locks and background jobs:
    /// PostgreSQL and Redis when their connection strings are set, otherwise SQLite under ./data
    /// and in-process locks.
    /// </summary>
    public static IServiceCollection AddChatCommerceInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        // The store's connection string: statements prepared on the server, connections given back
        // to the pool without a session reset (see PostgresConnectionString). Hangfire, when it
        // keeps its jobs in PostgreSQL, gets a pool of its own with the reset (JobsConnectionString).
        var postgres = configuration.GetConnectionString("Postgres") is { } configured && !string.IsNullOrWhiteSpace(configured) ? PostgresConnectionString(configured) : null;
        var redis = configuration.GetConnectionString("Redis");
        var sqlite = string.IsNullOrWhiteSpace(postgres);

        string? sqliteStore = null;
        if (sqlite)
        {
            var connectionString = sqliteStore = SqliteConnectionString(configuration);
            services.AddDbContextPool<ChatCommerceDbContext, SqliteChatCommerceDbContext>(o => o.UseSqlite(connectionString, s => s.UseQuerySplittingBehavior(OneQuery)).AddInterceptors(SqlitePragmas.Instance));
            services.AddSingleton(sp => new NestedContexts(sp.GetRequiredService<IServiceScopeFactory>(), null));
        }
        else
        {
            services.AddDbContextPool<ChatCommerceDbContext, PostgresChatCommerceDbContext>(o => UsePostgres(o, postgres!));
            var nested = NestedConnectionString(postgres!);
            services.AddSingleton(sp => new NestedContexts(sp.GetRequiredService<IServiceScopeFactory>(), nested));
            services.AddHostedService(sp => new PostgresPools(sp.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>(), postgres!, nested, JobsConnectionString(postgres!)));
            // Plans made on a young table are made again as it grows (GrowingTableAnalyzer); 0 turns it off.
            var analyzeEvery = configuration.GetValue("ChatCommerce:Database:GrowingTablesCheck", TimeSpan.FromSeconds(2));
            if (analyzeEvery > TimeSpan.Zero)
            {
                services.AddHostedService(sp => new GrowingTableAnalyzer(postgres!, analyzeEvery, sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<GrowingTableAnalyzer>>()));
            }
        }

        // Two intake writes in flight on PostgreSQL (one gathers while the other commits). On SQLite
        // the writes queue at one gate anyway, and two writers there gave no more acknowledgements
        // in the embedded bench.
        // Commit groups of up to 64 turns on PostgreSQL (with drains' chains, two alternated pairs
        // drained faster than with 32); 32 on SQLite, where one run each did not tell them apart.
        // More drains at once while drains are short on PostgreSQL only: on SQLite the extra drains
        // queue at the write gate, and the embedded bench answered a third fewer turns with them.
        services.PostConfigure<PipelineOptions>(o =>
        {
            o.IntakeWriters ??= sqlite ? 1 : 2;
            o.CommitGroup ??= sqlite ? 32 : 64;
            o.ShortDrainWorkers ??= sqlite ? o.Workers : 128;
        });
        services.AddSingleton<SqliteWriteGate>();
        // Made by the container (not given as an instance) so that it closes the lanes at shutdown.
        services.AddSingleton(_ => new SqliteLanes(sqliteStore));
        services.AddSingleton<InstanceIdentity>();
        services.AddScoped<DbWrites>();
        services.AddScoped<IUnitOfWork>(sp => sp.GetRequiredService<DbWrites>());
        services.AddScoped<IInbox, SqlInbox>();
        services.AddSingleton<TurnCommitGroup>();
        services.AddSingleton<TurnLoadGroup>();
        services.AddScoped<SqlTurnStore>();
        services.AddScoped<ITurnStore>(sp => sp.GetRequiredService<SqlTurnStore>());
        services.AddScoped<IOutboxStore, SqlOutboxStore>();
        services.AddScoped<IContactDirectory, EfContactDirectory>();
        services.AddScoped<EfCustomerDirectory>();
        services.AddOptions<Domain.Customers.CustomerOptions>().BindConfiguration(Domain.Customers.CustomerOptions.Section);
        services.AddScoped<Domain.Customers.ICustomerScores, SqlCustomerScores>();
        services.AddScoped<Domain.Customers.ICustomerEraser, SqlCustomerEraser>();
        services.AddScoped<Domain.Customers.IErasureRequests, EfErasureRequests>();
        services.AddScoped<Domain.Customers.ICustomerInsights, EfCustomerInsights>();
        services.AddScoped<Domain.Customers.ICustomerLinks, EfCustomerLinks>();
        services.AddScoped<Domain.Customers.ISurveyStore, EfSurveyStore>();
        services.AddScoped<Domain.Analytics.IShopAnalytics, EfShopAnalytics>();
        services.AddScoped<Domain.Customers.ICustomerDirectory>(sp => sp.GetRequiredService<EfCustomerDirectory>());
        services.AddScoped<IInteractionLog, EfInteractionLog>();
        services.AddScoped<EfCatalogReader>();
        services.AddOptions<CatalogCacheOptions>().BindConfiguration(CatalogCacheOptions.Section);
        services.AddSingleton<CachedCatalogReader>();
        services.AddSingleton<BestSellers>();
        services.AddSingleton<ICatalogReader>(sp => sp.GetRequiredService<CachedCatalogReader>());
        services.AddSingleton<ICatalogChanges>(sp => sp.GetRequiredService<CachedCatalogReader>());
        services.AddScoped<IOrderStore, EfOrderStore>();
        services.AddSingleton<PromotionBookCache>();
        services.AddOptions<Domain.Promotions.PromotionOptions>().BindConfiguration(Domain.Promotions.PromotionOptions.Section);
        services.AddScoped<Domain.Promotions.IPromotionStore, EfPromotionStore>();
        services.AddScoped<Domain.Promotions.IBasketPricer, BasketPricer>();
        services.AddScoped<Domain.Promotions.INudgeLog, EfNudgeLog>();
        services.AddScoped<Domain.Promotions.IBasketActivity, EfBasketActivity>();
        services.AddScoped<Domain.Broadcasts.IBroadcastStore, EfBroadcastStore>();
        services.AddScoped<ICatalogAdmin, EfCatalogAdmin>();
        services.AddScoped<IPaymentStore, EfPaymentStore>();
        services.AddScoped<Domain.Cases.ICaseStore, EfCaseStore>();
        services.AddScoped<Domain.Staff.IConsoleAccounts, EfConsoleAccounts>();
        services.AddScoped<Domain.Staff.IAuditLog, EfAuditLog>();
        services.AddScoped<Domain.Staff.IStaffNotes, EfStaffNotes>();
        services.AddScoped<IPaymentSettingsStore, EfPaymentSettingsStore>();
        services.AddSingleton<PaymentSettingsCache>();
        services.AddOptions<PaymentOptions>().BindConfiguration(PaymentOptions.Section);
        services.AddHttpClient(Payments.StripeCardCheckout.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(20));
        services.AddSingleton<ICardCheckout, Payments.StripeCardCheckout>();
        services.AddHttpClient<ISlipVerifier, Payments.HttpSlipVerifier>();
        services.AddScoped<Conversations.Handoffs.IHandoffQueue, EfHandoffQueue>();
        services.AddScoped<Conversations.Handoffs.IConversationList, EfConversationList>();
        services.AddScoped<Conversations.Handoffs.ITranscript, EfTranscript>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<DatabaseInitializer>();

        // Conversation state lives in the database with the rest of a turn's effects (see
        // docs/architecture.md); Redis, when there is one, holds the conversation locks.
        services.AddSingleton<SqlStateStore>();
        services.AddSingleton<IConversationStateStore>(sp => sp.GetRequiredService<SqlStateStore>());
        if (!string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis));
            services.AddSingleton(new RedisKeys(configuration["ChatCommerce:Redis:KeyPrefix"] ?? "cc:"));
            services.AddSingleton<IDistributedLockProvider, RedisLockProvider>();
            services.AddSingleton<Domain.Customers.IKeyValueEraser, RedisKeyEraser>();
        }
        else
        {
            services.AddSingleton<IDistributedLockProvider, InProcessLockProvider>();
            services.AddSingleton<Domain.Customers.IKeyValueEraser, Domain.Customers.NoKeyValueStore>();
        }

        // A SQLite file has one host: at start it may take over every message still in the outbox.
        services.PostConfigure<OutboxOptions>(o => o.ClaimAllAtStart |= sqlite);

        // Each host its own job storage and job activator. Hangfire keeps both in statics
        // (JobStorage.Current, JobActivator.Current) that every configuration overwrites, and its
        // DI registrations read the statics when first asked: with two hosts in one process (the
        // tests run many at once) a host could take the other's, enqueue into its storage or
        // run its jobs with the other host's services and database.
        services.AddSingleton<JobStorage>(provider =>
        {
            if (!string.IsNullOrWhiteSpace(redis))
            {
                // Through the extension: it also installs the filter the Redis storage reads.
                return GlobalConfiguration.Configuration.UseRedisStorage(provider.GetRequiredService<IConnectionMultiplexer>(), new RedisStorageOptions
                {
                    Prefix = provider.GetRequiredService<RedisKeys>().Hangfire,
                }).Entry;
            }

            if (!sqlite)
            {
                var options = new Hangfire.PostgreSql.PostgreSqlStorageOptions();
                return new Hangfire.PostgreSql.PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(JobsConnectionString(postgres!), options), options);
            }

            return new Hangfire.InMemory.InMemoryStorage();
        });
        services.AddSingleton<JobActivator>(provider => new Hangfire.AspNetCore.AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>()));

        services.AddHangfire((provider, config) =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
            config.UseLogProvider(new HostLogProvider(provider.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>()));
            config.UseStorage(provider.GetRequiredService<JobStorage>()).UseActivator(provider.GetRequiredService<JobActivator>());
        });
        // Two job workers: the recurring jobs are small, and the turn workers must not starve.
        services.AddHangfireServer(o => o.WorkerCount = 2);
        services.AddScoped<InboxSweepJob>();
        services.AddScoped<StatePurgeJob>();
        services.AddScoped<RetentionJob>();
        services.AddScoped<StaffIdleJob>();
        services.AddScoped<CustomerScoringJob>();
        services.AddScoped<ErasureScrubJob>();
        services.AddOptions<StaffOptions>().BindConfiguration(StaffOptions.Section);
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section);
        services.AddHostedService<JobScheduleRegistrar>();
        return services;
    }

    /// <summary>
    /// The configured PostgreSQL connection string with Npgsql's automatic preparation on, unless
    /// it says otherwise: the hot path sends the same few statements turn after turn, and the
    /// server parsed and planned each of them every time (in the end-to-end bench PostgreSQL's core
    /// was the one at its limit while the host waited for its commits).
    /// </summary>
    /// <remarks>
    /// Connections also go back to the pool without the session reset Npgsql otherwise sends with
    /// their next use (four statements: authorisation, settings, listeners, advisory locks), unless
    /// the string says otherwise: the store sets no session state (its settings are per
    /// transaction, it takes no advisory locks and listens to nothing), and the reset came with
    /// about every second turn in the bench.
    /// </remarks>
    /// <remarks>
    /// And each execution of a prepared statement is planned for its own parameters and the table
    /// as it is now (<c>plan_cache_mode=force_custom_plan</c>), unless the string sets the mode.
    /// Left to itself the server settles, after five executions, on one generic plan for the life
    /// of the connection; a statement first run against a young table (every shop starts empty)
    /// kept the plan that suited a few rows: the group's updates and upserts joined their arrays to
    /// the contacts, states and outbox by reading the whole table. In one bench run that was about
    /// 2,000 full reads of each, 41 million rows, against 44,000 turns. Planning each execution
    /// costs a fraction of that: the hot path sends a few statements a group, not a turn.
    /// </remarks>
    /// <remarks>
    /// And the pool holds at most <see cref="StorePoolSize"/> connections unless the string sets its
    /// size. Npgsql hands out its idle connections oldest first, so a pool that grew to 64 in a
    /// burst (every drain of a busy moment at once) kept all 64 busy in turn with a few statements in
    /// flight: 64 server processes, each planning every statement for itself, switched in and out on
    /// the database's CPU. With whole conversations at 2,000 offered and pg_stat_statements loaded
    /// on the server, 16 connections gave a third more turns a second for a third less PostgreSQL
    /// CPU a turn; without it, no difference beyond the spread (docs/throughput.md, "Sixteen
    /// connections").
    /// Nothing may wait for a connection of this pool while it holds one: what a holder may wait on
    /// runs on <see cref="NestedContexts"/>.
    /// </remarks>
    public static string PostgresConnectionString(string configured)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(configured);
        if (!configured.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase) && !configured.Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 100;
            builder.AutoPrepareMinUsages = 2;
        }

        if (!configured.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase) && !configured.Contains("ResetOnClose", StringComparison.OrdinalIgnoreCase))
        {
            builder.NoResetOnClose = true;
        }

        if (!new[] { "Maximum Pool Size", "MaxPoolSize" }.Any(k => configured.Contains(k, StringComparison.OrdinalIgnoreCase)))
        {
            builder.MaxPoolSize = StorePoolSize;
        }

        if (!configured.Contains("plan_cache_mode", StringComparison.OrdinalIgnoreCase))
        {
            builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? CustomPlans : builder.Options + " " + CustomPlans;
        }

        return builder.ConnectionString;
    }

    private const string CustomPlans = "-c plan_cache_mode=force_custom_plan";

    /// <summary>The store's EF options on PostgreSQL, for the scopes' pooled contexts and <see cref="NestedContexts"/>.</summary>
    internal static void UsePostgres(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, s => s.UseQuerySplittingBehavior(OneQuery));

    /// <summary>The store's pool when the connection string sets none (Npgsql's own is 100): see <see cref="PostgresConnectionString"/>.</summary>
    public const int StorePoolSize = 16;

    /// <summary>
    /// The pool of <see cref="NestedContexts"/>: the store's string under another application name,
    /// so that Npgsql pools its connections apart from the store's.
    /// </summary>
    public static string NestedConnectionString(string store)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(store);
        builder.ApplicationName = string.IsNullOrEmpty(builder.ApplicationName) ? "chatcommerce-nested" : builder.ApplicationName + "-nested";
        return builder.ConnectionString;
    }

    /// <summary>
    /// Hangfire's connection string: the store's, with the session reset on. Its scripts set session
    /// state (the schema search path), so its connections never go back to the store's pool (a
    /// different string is a different pool).
    /// </summary>
    /// <remarks>Its pool is never smaller than <see cref="StorePoolSize"/>: Hangfire's workers and server processes keep their connections while they poll.</remarks>
    public static string JobsConnectionString(string store)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(store) { NoResetOnClose = false, ApplicationName = "chatcommerce-jobs" };
        builder.MaxPoolSize = Math.Max(builder.MaxPoolSize, StorePoolSize);
        return builder.ConnectionString;
    }

    private static string SqliteConnectionString(IConfiguration configuration)
    {
        var configured = configuration.GetConnectionString("Sqlite");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var folder = Path.GetFullPath(configuration["ChatCommerce:DataDirectory"] ?? "data");
        Directory.CreateDirectory(folder);
        return $"Data Source={Path.Combine(folder, "chatcommerce.db")}";
    }
}
