using ChatCommerce.Conversations.Contacts;
using ChatCommerce.Conversations.Inbox;
using ChatCommerce.Domain.Catalog;
using ChatCommerce.Domain.Orders;
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
    /// Relational data, state/locks/dedupe and background jobs: PostgreSQL and Redis when their
    /// connection strings are set, otherwise SQLite under ./data and in-process stores.
    /// </summary>
    public static IServiceCollection AddChatCommerceInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        var postgres = configuration.GetConnectionString("Postgres");
        var redis = configuration.GetConnectionString("Redis");

        services.AddDbContext<ChatCommerceDbContext>(options =>
        {
            if (!string.IsNullOrWhiteSpace(postgres))
            {
                options.UseNpgsql(postgres);
            }
            else
            {
                options.UseSqlite(SqliteConnectionString(configuration));
            }
        });
        services.AddScoped<IInbox, EfInbox>();
        services.AddScoped<IContactDirectory, EfContactDirectory>();
        services.AddScoped<IInteractionLog, EfInteractionLog>();
        services.AddScoped<ICatalogReader, EfCatalogReader>();
        services.AddScoped<IOrderStore, EfOrderStore>();
        services.AddScoped<ICatalogAdmin, EfCatalogAdmin>();
        services.AddScoped<Conversations.Handoffs.IHandoffQueue, EfHandoffQueue>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<DatabaseInitializer>();

        if (!string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis));
            services.AddSingleton(new RedisKeys(configuration["ChatCommerce:Redis:KeyPrefix"] ?? "cc:"));
            services.AddSingleton<IConversationStateStore, RedisStateStore>();
            services.AddSingleton<IDistributedLockProvider, RedisLockProvider>();
            services.AddSingleton<IDedupeStore, RedisDedupeStore>();
        }
        else
        {
            // Without Redis, state lives in the database: it survives a restart.
            services.AddSingleton<SqlStateStore>();
            services.AddSingleton<IConversationStateStore>(sp => sp.GetRequiredService<SqlStateStore>());
            services.AddSingleton<IDistributedLockProvider, InProcessLockProvider>();
            services.AddSingleton<IDedupeStore, InProcessDedupeStore>();
        }

        services.AddHangfire((provider, config) =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
            if (!string.IsNullOrWhiteSpace(redis))
            {
                config.UseRedisStorage(provider.GetRequiredService<IConnectionMultiplexer>(), new RedisStorageOptions
                {
                    Prefix = provider.GetRequiredService<RedisKeys>().Hangfire,
                });
            }
            else if (!string.IsNullOrWhiteSpace(postgres))
            {
                config.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(postgres));
            }
            else
            {
                config.UseInMemoryStorage();
            }
        });
        services.AddHangfireServer(o => o.WorkerCount = Math.Max(2, Environment.ProcessorCount));
        services.AddScoped<InboxSweepJob>();
        services.AddScoped<StatePurgeJob>();
        services.AddHostedService<JobScheduleRegistrar>();
        return services;
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
