using ChatCommerce.Domain.Customers;
using Hangfire;
using Microsoft.Extensions.Logging;

namespace ChatCommerce.Infrastructure.Jobs;

/// <summary>
/// Hangfire job, nightly at <see cref="CustomerOptions.NightlyHour"/> in the shop's time zone:
/// scores every customer (RFM, segment, lifetime value, tier, needs) and sets the boundaries an
/// order's rescoring uses during the day. Recency moves with the calendar, so this is what turns a
/// quiet champion into "at risk" without an order.
/// </summary>
public sealed class CustomerScoringJob(ICustomerScores scores, ILogger<CustomerScoringJob> logger)
{
    public const string Id = "customer-scoring";

    [AutomaticRetry(Attempts = 2)]
    [DisableConcurrentExecution(timeoutInSeconds: 3600)]
    public async Task<ScoringRun> RunAsync(CancellationToken cancellationToken)
    {
        var run = await scores.RecomputeAllAsync(cancellationToken);
        logger.LogInformation("Scored {Customers} customers ({Buyers} buyers) in {Seconds:0.0} s", run.Customers, run.Buyers, run.Took.TotalSeconds);
        return run;
    }
}
