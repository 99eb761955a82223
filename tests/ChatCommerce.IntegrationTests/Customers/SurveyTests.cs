using ChatCommerce.Domain.Customers;
using ChatCommerce.Domain.Orders;
using ChatCommerce.IntegrationTests.Support;
using ChatCommerce.IntegrationTests.Transcripts;
using ChatCommerce.Web.Customers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.IntegrationTests.Customers;

/// <summary>CSAT a day after delivery, NPS after the second order: by the job, through the outbox, once a month at most, never outside Messenger's window.</summary>
public sealed class SurveyTests : HostedTest
{
    private const string LineUser = "U5a7e1000000000000000000000000c01";
    private const string Psid = "7055667788990011";

    // Opening hours all day, so the job's "never at night" does not depend on when the test runs.
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ChatCommerce:Shop:OpensAt"] = "00:00",
        ["ChatCommerce:Shop:ClosesAt"] = "23:59:59",
    };

    private async Task<int> RunJobAsync()
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var asked = await scope.ServiceProvider.GetRequiredService<SurveyJob>().RunAsync(default);
        await Eventually.TrueAsync(SettledAsync);
        return asked;
    }

    /// <summary>The customer's newest order, paid and delivered this long ago, the customer rescored.</summary>
    private async Task<string> DeliveredAsync(string channel, string user, TimeSpan ago)
    {
        var number = await Host.QueryAsync(db => db.Orders.OrderByDescending(o => o.Id).Select(o => o.Number).FirstAsync());
        var at = (DateTimeOffset.UtcNow - ago).ToUnixTimeMilliseconds();
        await Host.QueryAsync(db => db.Orders.Where(o => o.Number == number).ExecuteUpdateAsync(u => u
            .SetProperty(o => o.PaymentState, PaymentState.Paid).SetProperty(o => o.Status, OrderStatus.Delivered).SetProperty(o => o.UpdatedAtMs, at)));
        await using var scope = Host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ICustomerScores>().RescoreAsync(channel, user, default);
        return number;
    }

    [Fact]
    public async Task ADeliveredOrderGetsOneCsatQuestionAndASecondOrderAnNpsOneAMonthLater()
    {
        var chat = new LineDriver(Fakes, LineUser, SettledAsync);
        await chat.CheckoutAsync("โอนเข้าบัญชี");
        var first = await DeliveredAsync("line", LineUser, TimeSpan.FromHours(2));
        Assert.Equal(0, await RunJobAsync()); // delivered too recently

        await DeliveredAsync("line", LineUser, TimeSpan.FromHours(25));
        var before = chat.Sent;
        Assert.Equal(1, await RunJobAsync());
        var question = await chat.AnswerSinceAsync(before, 1);
        Assert.Contains($"คำสั่งซื้อ {first} ถึงมือแล้ว", question.Text);
        Assert.Equal(5, question.Buttons.Count);
        Assert.Equal(0, await RunJobAsync()); // once per order, once a month

        var thanks = await chat.TapAndReadAsync(question, "5 ★★★★★");
        Assert.Contains("ขอบคุณสำหรับคะแนน", thanks.Text);
        Assert.Contains("ได้รับคะแนนของแบบสอบถามนี้แล้ว", (await chat.TapAndReadAsync(question, "1 ★")).Text);
        var csat = await Host.QueryAsync(db => db.Surveys.AsNoTracking().SingleAsync());
        Assert.Equal((SurveyKinds.Csat, first, 5), (csat.Kind, csat.OrderNumber, csat.Score));

        // A second order (its checkout is the first one's again): the NPS question waits for the month to pass since the last survey.
        await Host.QueryAsync(async db =>
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            db.Orders.Add(new Order
            {
                Number = "CC900001", IdempotencyKey = "second-order", Channel = "line", UserId = LineUser, Status = OrderStatus.Confirmed, PaymentState = PaymentState.Paid,
                PaymentMethod = "transfer", TotalSatang = 28_000, CreatedAtMs = now, UpdatedAtMs = now, Lines = [new OrderLine { Sku = "SN-MNG", Name = "มะม่วงอบแห้ง", Quantity = 2, UnitPriceSatang = 12_000 }],
            });
            return await db.SaveChangesAsync();
        });
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ICustomerScores>().RescoreAsync("line", LineUser, default);
        }

        Assert.Equal(2, await Host.QueryAsync(db => db.Customers.Select(c => c.OrderCount).SingleAsync()));
        Assert.Equal(0, await RunJobAsync());
        await Host.QueryAsync(db => db.Customers.ExecuteUpdateAsync(u => u.SetProperty(c => c.LastSurveyAtMs, DateTimeOffset.UtcNow.AddDays(-31).ToUnixTimeMilliseconds())));
        before = chat.Sent;
        Assert.Equal(1, await RunJobAsync());
        var nps = await chat.AnswerSinceAsync(before, 1);
        Assert.Contains("จะแนะนำร้านเราให้เพื่อน", nps.Text);
        Assert.Equal(Enumerable.Range(0, 11).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), nps.Buttons.Keys);
        var sorry = await chat.TapAndReadAsync(nps, "3");
        Assert.Contains("ขออภัยที่ยังทำได้ไม่ดีพอ", sorry.Text);
        Assert.Contains("คุยกับพนักงาน", sorry.Buttons.Keys);
        Assert.Equal(3, await Host.QueryAsync(db => db.Surveys.Where(s => s.Kind == SurveyKinds.Nps).Select(s => s.Score).SingleAsync()));
    }

    [Fact]
    public async Task MessengerIsAskedOnlyInsideItsWindowAndAStaleAnswerIsThankedNotCounted()
    {
        var chat = new MessengerDriver(Fakes, Psid, SettledAsync);
        await chat.CheckoutAsync("โอนเข้าบัญชี");
        await DeliveredAsync("messenger", Psid, TimeSpan.FromHours(30));
        await Host.QueryAsync(db => db.Contacts.ExecuteUpdateAsync(u => u.SetProperty(k => k.LastUserMessageAtMs, DateTimeOffset.UtcNow.AddDays(-2).ToUnixTimeMilliseconds())));
        var before = chat.Sent;
        Assert.Equal(0, await RunJobAsync());
        Assert.Equal(before, chat.Sent);
        Assert.False(await Host.QueryAsync(db => db.Surveys.AnyAsync()));

        // Back inside the window: asked; an answer a week later is too late to count.
        await chat.SayAndReadAsync("สวัสดีค่ะ");
        before = chat.Sent;
        Assert.Equal(1, await RunJobAsync());
        var question = await chat.AnswerSinceAsync(before, 1);
        await Host.QueryAsync(db => db.Surveys.ExecuteUpdateAsync(u => u.SetProperty(s => s.AskedAtMs, DateTimeOffset.UtcNow.AddDays(-8).ToUnixTimeMilliseconds())));
        Assert.Contains("แบบสอบถามนี้ปิดไปแล้ว", (await chat.TapAndReadAsync(question, "4 ★★★★")).Text);
        Assert.Null(await Host.QueryAsync(db => db.Surveys.Select(s => s.Score).SingleAsync()));
    }
}
