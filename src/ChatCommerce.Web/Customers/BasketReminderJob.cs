using ChatCommerce.Dialogs.Promotions;
using Hangfire;

namespace ChatCommerce.Web.Customers;

/// <summary>Hangfire job, every 15 minutes: reminders of baskets left without an order (see <see cref="BasketReminders"/>; it keeps the quiet hours).</summary>
public sealed class BasketReminderJob(BasketReminders reminders)
{
    public const string Id = "basket-reminders";

    [AutomaticRetry(Attempts = 1)]
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public Task<int> RunAsync(CancellationToken cancellationToken) => reminders.RemindDueAsync(cancellationToken);
}
