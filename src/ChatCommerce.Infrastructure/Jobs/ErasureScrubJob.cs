using ChatCommerce.Domain.Customers;
using Hangfire;

namespace ChatCommerce.Infrastructure.Jobs;

/// <summary>
/// Hangfire job, nightly an hour after the customer scoring: when an erasure ran since the last
/// night, rewrites the tables it touched so its bytes leave the database files (PostgreSQL).
/// </summary>
public sealed class ErasureScrubJob(ICustomerEraser eraser)
{
    public const string Id = "erasure-scrub";

    [AutomaticRetry(Attempts = 2)]
    [DisableConcurrentExecution(timeoutInSeconds: 3600)]
    public Task<ScrubReport> RunAsync(CancellationToken cancellationToken) => eraser.ScrubAsync(evenIfNothingPending: false, cancellationToken);
}
