using ChatCommerce.Conversations.Turns;
using Hangfire;

namespace ChatCommerce.Infrastructure.Jobs;

/// <summary>Hangfire job: re-schedules conversations whose events have waited too long. Safe to run twice.</summary>
public sealed class InboxSweepJob(InboxSweeper sweeper)
{
    public const string Id = "inbox-sweep";

    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public Task<int> RunAsync(CancellationToken cancellationToken) => sweeper.SweepAsync(all: false, cancellationToken);
}
