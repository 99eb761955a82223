using ChatCommerce.Dialogs.Complaints;
using Hangfire;

namespace ChatCommerce.Web.Console;

/// <summary>
/// Hangfire jobs, every minute: the satisfaction question after a case is resolved, and the owner
/// told of cases past their due time with no answer. Each case is marked as it is done, so a
/// second run (or a second instance) finds nothing more to do.
/// </summary>
public sealed class CaseJobs(CaseDesk desk)
{
    public const string CsatId = "case-csat";
    public const string BreachId = "case-breach";

    [AutomaticRetry(Attempts = 1)]
    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    public Task<int> AskSatisfactionAsync(CancellationToken cancellationToken) => desk.AskSatisfactionAsync(cancellationToken);

    [AutomaticRetry(Attempts = 1)]
    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    public Task<int> NotifyBreachesAsync(CancellationToken cancellationToken) => desk.NotifyBreachesAsync(cancellationToken);
}
