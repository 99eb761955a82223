using ChatCommerce.Infrastructure.Data;
using Hangfire;

namespace ChatCommerce.Infrastructure.Jobs;

/// <summary>Hangfire job: deletes expired conversation states from the database (Redis expires its own).</summary>
public sealed class StatePurgeJob(SqlStateStore store)
{
    public const string Id = "state-purge";

    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    public Task<int> RunAsync(CancellationToken cancellationToken) => store.PurgeExpiredAsync(cancellationToken);
}
