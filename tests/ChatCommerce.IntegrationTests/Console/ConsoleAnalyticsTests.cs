using System.Net;
using ChatCommerce.IntegrationTests.Support;
using ChatCommerce.IntegrationTests.Transcripts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.IntegrationTests.Console;

/// <summary>/console/analytics: the owner's figures and charts; staff are refused.</summary>
public sealed class ConsoleAnalyticsTests : HostedTest
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ChatCommerce:Console:Owner:Email"] = ConsoleAccessTests.OwnerEmail,
        ["ChatCommerce:Console:Owner:Password"] = ConsoleAccessTests.OwnerPassword,
    };

    [Fact]
    public async Task TheOwnerSeesSalesConversionAndSegmentsAsChartsAndStaffCannot()
    {
        var chat = new LineDriver(Fakes, "U0a11a7c500000000000000000000c0de", SettledAsync);
        await chat.CheckoutAsync("โอนเข้าบัญชี");
        await Host.QueryAsync(db => db.Orders.ExecuteUpdateAsync(u => u.SetProperty(o => o.PaymentState, Domain.Orders.PaymentState.Paid)));
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Domain.Customers.ICustomerScores>().RecomputeAllAsync(default);
        }

        using var owner = new ConsoleClient(Host.BaseUrl);
        await owner.SignInAsync(ConsoleAccessTests.OwnerEmail, ConsoleAccessTests.OwnerPassword);
        var page = await owner.GetAsync("/console/analytics");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("ยอดขายและลูกค้า", page.Html);
        Assert.Matches("data-figure=\"revenue\"><span>[^<]+</span><strong>฿280</strong>", page.Html);
        Assert.Matches("data-figure=\"conversion\"><span>[^<]+</span><strong>100%</strong>", page.Html);
        Assert.Contains("data-sku=\"SN-MNG\"", page.Html);
        Assert.Equal(30, System.Text.RegularExpressions.Regex.Matches(page.Html, "<rect [^>]*data-day=").Count);
        Assert.Contains("data-segment=\"new\"", page.Html);
        Assert.Contains("/console/analytics", (await owner.GetAsync("/console")).Html);
        // A range it cannot read falls back to the last 30 days rather than failing.
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/console/analytics?from=yesterday")).Status);

        await ConsoleClient.AddStaffAsync(Host, ConsoleAccessTests.StaffEmail, ConsoleAccessTests.StaffPassword);
        using var staff = new ConsoleClient(Host.BaseUrl);
        await staff.SignInAsync(ConsoleAccessTests.StaffEmail, ConsoleAccessTests.StaffPassword);
        Assert.NotEqual(HttpStatusCode.OK, (await staff.GetAsync("/console/analytics")).Status);
        Assert.DoesNotContain("/console/analytics", (await staff.GetAsync("/console")).Html);
    }
}
