using ChatCommerce.Conversations.Turns;
using ChatCommerce.Domain.Customers;
using ChatCommerce.Domain.Shop;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Infrastructure.Jobs;

/// <summary>
/// Registers the recurring jobs (inbox sweep every minute, expired state purge every hour, the
/// retention purge daily at 03:00 UTC, idle staff conversations back to the bot every minute, customer scoring nightly and the erasure scrub an hour after) and, at
/// start-up, schedules every conversation with pending events: crash recovery, without waiting.
/// The jobs other projects declare with <see cref="RecurringJobs.AddRecurringJob"/> are added here too.
/// </summary>
public sealed class JobScheduleRegistrar(IRecurringJobManager recurring, IServiceScopeFactory scopes, IOptions<CustomerOptions> customers, IOptions<ShopOptions> shop, IEnumerable<RecurringJobRegistration> declared) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var registration in declared)
        {
            registration.Register(recurring);
        }

        recurring.AddOrUpdate<InboxSweepJob>(InboxSweepJob.Id, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
        recurring.AddOrUpdate<StatePurgeJob>(StatePurgeJob.Id, job => job.RunAsync(CancellationToken.None), Cron.Hourly());
        recurring.AddOrUpdate<RetentionJob>(RetentionJob.Id, job => job.RunAsync(CancellationToken.None), Cron.Daily(3));
        recurring.AddOrUpdate<StaffIdleJob>(StaffIdleJob.Id, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
        recurring.AddOrUpdate<CustomerScoringJob>(
            CustomerScoringJob.Id, job => job.RunAsync(CancellationToken.None), Cron.Daily(Math.Clamp(customers.Value.NightlyHour, 0, 23)),
            new RecurringJobOptions { TimeZone = shop.Value.Zone() });
        recurring.AddOrUpdate<ErasureScrubJob>(
            ErasureScrubJob.Id, job => job.RunAsync(CancellationToken.None), Cron.Daily((Math.Clamp(customers.Value.NightlyHour, 0, 23) + 1) % 24),
            new RecurringJobOptions { TimeZone = shop.Value.Zone() });
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<InboxSweeper>().SweepAsync(all: true, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>A recurring job declared by another project, added by <see cref="JobScheduleRegistrar"/> at start.</summary>
public sealed record RecurringJobRegistration(Action<IRecurringJobManager> Register);

public static class RecurringJobs
{
    /// <summary>Declares a recurring job (for example <c>m => m.AddOrUpdate&lt;MyJob&gt;(MyJob.Id, j => j.RunAsync(CancellationToken.None), Cron.Minutely())</c>).</summary>
    public static IServiceCollection AddRecurringJob(this IServiceCollection services, Action<IRecurringJobManager> register) =>
        services.AddSingleton(new RecurringJobRegistration(register));
}
