using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChatCommerce.Infrastructure.Jobs;

/// <summary>Registers the recurring jobs (inbox sweep; state purge when state is in the database) and runs one inbox sweep at start-up (crash recovery).</summary>
public sealed class JobScheduleRegistrar(IRecurringJobManager recurring, IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        recurring.AddOrUpdate<InboxSweepJob>(InboxSweepJob.Id, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
        await using var scope = scopes.CreateAsyncScope();
        if (scope.ServiceProvider.GetService<Data.SqlStateStore>() is not null)
        {
            recurring.AddOrUpdate<StatePurgeJob>(StatePurgeJob.Id, job => job.RunAsync(CancellationToken.None), Cron.Hourly());
        }
        else
        {
            recurring.RemoveIfExists(StatePurgeJob.Id);
        }

        await scope.ServiceProvider.GetRequiredService<InboxSweepJob>().RunAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
