using ChatCommerce.Dialogs.Payments;
using Hangfire;

namespace ChatCommerce.Web.Payments;

/// <summary>
/// Hangfire job, every minute: reminders before payment deadlines and unpaid orders cancelled
/// (stock released) after them. Safe to run twice or on two instances at once: each order is
/// re-read under its row lock (see <see cref="PaymentDesk.RunDeadlinesAsync"/>).
/// </summary>
public sealed class PaymentDeadlineJob(PaymentDesk desk)
{
    public const string Id = "payment-deadlines";

    [AutomaticRetry(Attempts = 1)]
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var (reminded, released) = await desk.RunDeadlinesAsync(cancellationToken);
        return reminded + released;
    }
}
