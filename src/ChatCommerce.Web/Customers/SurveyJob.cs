using ChatCommerce.Dialogs.Surveys;
using ChatCommerce.Domain.Shop;
using Hangfire;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Web.Customers;

/// <summary>
/// Hangfire job, every 15 minutes, inside the shop's opening hours only (nobody is asked about
/// their order at three in the morning): the surveys now due (see <see cref="SurveyDesk"/>).
/// </summary>
public sealed class SurveyJob(SurveyDesk desk, IOptions<ShopOptions> shop, TimeProvider clock)
{
    public const string Id = "customer-surveys";

    [AutomaticRetry(Attempts = 1)]
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var options = shop.Value;
        var local = TimeOnly.FromTimeSpan(options.Local(clock.GetUtcNow()).TimeOfDay);
        return local >= options.OpensAt && local < options.ClosesAt ? desk.AskDueAsync(cancellationToken) : Task.FromResult(0);
    }
}
