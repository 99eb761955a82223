using ChatCommerce.Infrastructure.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace ChatCommerce.Web.Health;

/// <summary>
/// GET /health, the readiness probe: 200 once the host has started, its database (and Redis, when
/// used) answer and its warm-up is done (<see cref="CodeWarmUp"/>); 503 with the reason before.
/// GET /health/live, the liveness probe: 200 whenever the process serves requests at all (a host
/// still warming up, or cut off from its database, is not one to restart).
/// </summary>
public static class HealthServices
{
    public static IServiceCollection AddChatCommerceHealth(this IServiceCollection services, IConfiguration configuration)
    {
        var checks = services.AddHealthChecks()
            .AddCheck<StartedCheck>("started")
            .AddCheck<DatabaseCheck>("database")
            .AddCheck<WarmedUpCheck>("warmed-up");
        if (!string.IsNullOrWhiteSpace(configuration.GetConnectionString("Redis")))
        {
            checks.AddCheck<RedisCheck>("redis");
        }

        return services;
    }

    public static void MapChatCommerceHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks("/health");
        routes.MapHealthChecks("/health/live", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = _ => false });
    }

    /// <summary>Ready only when the code warm-up has finished: traffic sent before it meets the compiler.</summary>
    public sealed class WarmedUpCheck(CodeWarmUp warmUp) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(warmUp.Finished.IsCompleted
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("warming up: compiling the code and running the jobs due every minute once"));
    }

    private sealed class StartedCheck(IHostApplicationLifetime lifetime) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(lifetime.ApplicationStarted.IsCancellationRequested ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("starting"));
    }

    private sealed class DatabaseCheck(ChatCommerceDbContext db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            await db.Database.CanConnectAsync(cancellationToken) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("database unreachable");
    }

    private sealed class RedisCheck(IConnectionMultiplexer redis) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await redis.GetDatabase().PingAsync();
                return HealthCheckResult.Healthy();
            }
            catch (RedisException ex)
            {
                return HealthCheckResult.Unhealthy("redis unreachable", ex);
            }
        }
    }
}
