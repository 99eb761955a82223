using System.Net;
using ChatCommerce.Dialogs.Complaints;
using ChatCommerce.Domain.Cases;
using ChatCommerce.Domain.Staff;
using ChatCommerce.IntegrationTests.Support;
using ChatCommerce.IntegrationTests.Transcripts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.IntegrationTests.Console;

/// <summary>Recovery actions on a case through the console, and the job that tells the owner of a missed answer time.</summary>
public sealed class ConsoleCaseTests : HostedTest
{
    private const string LineUser = "U0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private const string OwnerLineUser = "U7777777777777777777777777777aaaa";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ChatCommerce:Console:Owner:Email"] = ConsoleAccessTests.OwnerEmail,
        ["ChatCommerce:Console:Owner:Password"] = ConsoleAccessTests.OwnerPassword,
        ["ChatCommerce:Cases:NotifyLineUserIds:0"] = OwnerLineUser,
    };

    private async Task<ServiceCase> ComplaintAsync()
    {
        IChatDriver chat = new LineDriver(Fakes, LineUser, SettledAsync);
        chat.AddUser("Ploy", "th");
        var before = chat.Sent;
        await chat.SayAsync("ส่งช้ามากเลยค่ะ");
        Assert.Contains("ร้านรับเรื่องไว้แล้ว", (await chat.AnswerSinceAsync(before, 1)).Text);
        return await Host.QueryAsync(db => db.Cases.AsNoTracking().SingleAsync());
    }

    [Fact]
    public async Task StaffRecordARefundAVoucherAndANoteEachOnTheTimelineAndInTheAuditLog()
    {
        var opened = await ComplaintAsync();
        using var owner = new ConsoleClient(Host.BaseUrl);
        await owner.SignInAsync(ConsoleAccessTests.OwnerEmail, ConsoleAccessTests.OwnerPassword);
        var page = await owner.GetAsync($"/console/cases/{opened.Id}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("ส่งช้ามากเลยค่ะ", page.Html);

        var refund = await owner.PostAsync($"/console/cases/{opened.Id}/refund", new Dictionary<string, string> { ["baht"] = "120.50", ["reference"] = "KBank 0099" });
        Assert.Equal($"/console/cases/{opened.Id}?done=refund", refund.Location);
        var voucher = await owner.PostAsync($"/console/cases/{opened.Id}/voucher", new Dictionary<string, string> { ["baht"] = "50" });
        Assert.Matches("done=voucher-CC-[A-Z2-9]{8}$", voucher.Location);
        var zero = await owner.PostAsync($"/console/cases/{opened.Id}/refund", new Dictionary<string, string> { ["baht"] = "-3" });
        Assert.EndsWith("done=invalid", zero.Location);
        await owner.PostAsync($"/console/cases/{opened.Id}/note", new Dictionary<string, string> { ["text"] = "ลูกค้าขอให้ส่งด่วน" });

        var events = await Host.QueryAsync(db => db.CaseEvents.AsNoTracking().Where(e => e.CaseId == opened.Id).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal([CaseEventKinds.Refund, CaseEventKinds.Voucher, CaseEventKinds.Note], events.Select(e => e.Kind).ToArray());
        Assert.Equal(12050, events[0].AmountSatang);
        Assert.Equal("KBank 0099", events[0].Reference);
        Assert.Equal(5000, events[1].AmountSatang);
        Assert.Equal(voucher.Location![^11..], events[1].Reference);
        Assert.All(events, e => Assert.StartsWith("console:", e.Actor));

        var audit = await Host.QueryAsync(db => db.AuditLog.AsNoTracking().Where(e => e.Subject == "case:" + opened.Id).Select(e => e.Action).ToListAsync());
        Assert.Equal([AuditActions.Refund, AuditActions.Voucher, AuditActions.Note], audit.ToArray());
        var shown = await owner.GetAsync($"/console/cases/{opened.Id}");
        Assert.Contains("฿120.5", shown.Html);
        Assert.Contains("ลูกค้าขอให้ส่งด่วน", shown.Html);
    }

    [Fact]
    public async Task ACompensationVoucherIsAPromotionForTheCaseCustomerAlone()
    {
        var opened = await ComplaintAsync();
        using var owner = new ConsoleClient(Host.BaseUrl);
        await owner.SignInAsync(ConsoleAccessTests.OwnerEmail, ConsoleAccessTests.OwnerPassword);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/console/cases/{opened.Id}")).Status);
        var voucher = await owner.PostAsync($"/console/cases/{opened.Id}/voucher", new Dictionary<string, string> { ["baht"] = "50" });
        var code = voucher.Location![^11..];
        var customer = await Host.QueryAsync(db => db.Contacts.AsNoTracking().Where(c => c.UserId == LineUser).Select(c => c.CustomerId).SingleAsync());
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<Domain.Promotions.IPromotionStore>().GetAsync("voucher-" + code.ToLowerInvariant(), default);
            var promotion = Assert.IsType<Domain.Promotions.StoredPromotion>(stored).Promotion;
            Assert.Equal((Domain.Promotions.PromotionKinds.Voucher, code, customer, 1, 5_000L), (promotion.Kind, promotion.Code, promotion.CustomerId, promotion.MaxUses, promotion.Steps[0].AmountSatang));
            Assert.InRange(promotion.EndsAt!.Value - DateTimeOffset.UtcNow, TimeSpan.FromDays(179), TimeSpan.FromDays(180));
        }

        IChatDriver other = new LineDriver(Fakes, "U0f0f0f0000000000000000000000b777", SettledAsync);
        other.AddUser("Nok", "th");
        Assert.Contains($"โค้ด {code} ใช้กับบัญชีนี้ไม่ได้", (await other.SayAndReadAsync(code)).Text);
        IChatDriver mine = new LineDriver(Fakes, LineUser, SettledAsync);
        Assert.Contains($"บันทึกโค้ด {code} ไว้แล้ว", (await mine.SayAndReadAsync("โค้ด " + code)).Text);
    }

    [Fact]
    public async Task AReplacementOrderReservesStockChargesNothingAndIsMadeOnce()
    {
        Domain.Orders.Order original;
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            var orders = scope.ServiceProvider.GetRequiredService<Domain.Orders.IOrderStore>();
            var draft = new Domain.Orders.OrderDraft("test-order-1", "line", LineUser, "th", "Ploy", "0812345678", "1 ถนนสีลม", "10500", "standard", "cod", [new Domain.Orders.BasketLine("SN-MNG", 2)]);
            var placed = await orders.PlaceAsync(draft, Domain.Orders.ShippingOptions.Defaults[0], CancellationToken.None);
            original = Assert.IsType<Domain.Orders.PlaceOrderResult.Placed>(placed).Order;
        }

        var stockBefore = await Host.QueryAsync(db => db.Products.Where(p => p.Sku == "SN-MNG").Select(p => p.Stock).SingleAsync());
        IChatDriver chat = new LineDriver(Fakes, LineUser, SettledAsync);
        chat.AddUser("Ploy", "th");
        var before = chat.Sent;
        await chat.SayAsync("ได้ของแล้วแต่กล่องบุบ ขนมแตกหมดเลย แย่มากค่ะ"); // damaged and strongly negative: high
        await chat.AnswerSinceAsync(before, 1);
        var opened = await Host.QueryAsync(db => db.Cases.AsNoTracking().SingleAsync());
        Assert.Equal(original.Number, opened.OrderNumber);

        using var owner = new ConsoleClient(Host.BaseUrl);
        await owner.SignInAsync(ConsoleAccessTests.OwnerEmail, ConsoleAccessTests.OwnerPassword);
        Assert.Contains("id=\"replacement\"", (await owner.GetAsync($"/console/cases/{opened.Id}")).Html);
        Assert.Equal(CaseSeverity.High, opened.Severity);
        Assert.Contains($"data-case=\"{opened.Id}\"", (await owner.GetAsync("/console/cases?severity=high")).Html);
        Assert.DoesNotContain($"data-case=\"{opened.Id}\"", (await owner.GetAsync("/console/cases?severity=low")).Html);
        Assert.Contains($"data-case=\"{opened.Id}\"", (await owner.GetAsync("/console/fragments/cases?status=all&severity=high")).Html);
        before = chat.Sent;
        var made = await owner.PostAsync($"/console/cases/{opened.Id}/replacement", new Dictionary<string, string>());
        Assert.Matches("done=replacement-CC\\d{6}$", made.Location);
        var again = await owner.PostAsync($"/console/cases/{opened.Id}/replacement", new Dictionary<string, string>());
        Assert.Equal(made.Location, again.Location);

        var replacement = await Host.QueryAsync(db => db.Orders.AsNoTracking().Include(o => o.Lines).SingleAsync(o => o.Id != original.Id));
        Assert.Equal(0, replacement.TotalSatang);
        Assert.Equal(Domain.Orders.PaymentState.Paid, replacement.PaymentState);
        Assert.Equal(Domain.Orders.OrderStatus.Confirmed, replacement.Status);
        Assert.Equal(2, Assert.Single(replacement.Lines).Quantity);
        Assert.Equal(stockBefore - 2, await Host.QueryAsync(db => db.Products.Where(p => p.Sku == "SN-MNG").Select(p => p.Stock).SingleAsync()));
        Assert.Contains(await Host.QueryAsync(db => db.CaseEvents.AsNoTracking().Where(e => e.CaseId == opened.Id).ToListAsync()), e => e.Kind == CaseEventKinds.Replacement && e.Reference == replacement.Number);
        Assert.Single(await Host.QueryAsync(db => db.AuditLog.AsNoTracking().Where(e => e.Action == AuditActions.Replacement).ToListAsync()));

        // A damaged item on an order is severe: the conversation is with staff, so the notice waits
        // (the bot says nothing on its own) and goes out, once, when staff hand back.
        Assert.Equal("Held", (await Host.OutboxAsync()).Single(o => o.Kind == "Notice").Status);
        Assert.Equal(before, chat.Sent);
        await owner.GetAsync($"/console/c/line/{LineUser}");
        await owner.PostAsync($"/console/c/line/{LineUser}/handback", new Dictionary<string, string>());
        await Eventually.TrueAsync(() => chat.Sent == before + 1, what: "the replacement notice after hand-back");
        Assert.Contains(replacement.Number, (string?)Fakes.Line.SentTo(LineUser)[^1].Messages[0]!["text"]);
    }

    [Fact]
    public async Task AGoodScoreIsThankedAndTheNextMessageIsKeptAsTheCommentOnce()
    {
        var opened = await ComplaintAsync();
        IChatDriver chat = new LineDriver(Fakes, LineUser, SettledAsync);
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            var desk = scope.ServiceProvider.GetRequiredService<CaseDesk>();
            Assert.True(await desk.ResolveAsync(opened.Id, "console:1", "ส่งของใหม่แล้ว", CancellationToken.None));
            Assert.False(await desk.ResolveAsync(opened.Id, "console:1", null, CancellationToken.None));

            // The question waits for the delay (30 minutes by default).
            Assert.Equal(0, await desk.AskSatisfactionAsync(CancellationToken.None));
            await Host.QueryAsync(db => db.Cases.Where(c => c.Id == opened.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.ResolvedAtMs, 1000)));
            Assert.Equal(1, await desk.AskSatisfactionAsync(CancellationToken.None));
        }

        var question = await chat.AnswerSinceAsync(chat.Sent - 1, 1);
        Assert.Equal(["1 ★", "2 ★★", "3 ★★★", "4 ★★★★", "5 ★★★★★"], question.Buttons.Keys.ToArray());
        var before = chat.Sent;
        await chat.TapAsync(question.Buttons["5 ★★★★★"]);
        Assert.Contains("ขอบคุณสำหรับคะแนน", (await chat.AnswerSinceAsync(before, 1)).Text);
        before = chat.Sent;
        await chat.SayAsync("ส่งของใหม่มาไวมากค่ะ ขอบคุณนะคะ");
        Assert.Contains("ได้รับความเห็นแล้ว", (await chat.AnswerSinceAsync(before, 1)).Text);

        // The same button again changes nothing; the conversation is the bot's as before.
        before = chat.Sent;
        await chat.TapAsync(question.Buttons["1 ★"]);
        Assert.Contains("ได้รับคะแนนของเคสนี้แล้ว", (await chat.AnswerSinceAsync(before, 1)).Text);
        var rated = await Host.QueryAsync(db => db.Cases.AsNoTracking().SingleAsync());
        Assert.Equal(CaseStatus.Resolved, rated.Status);
        Assert.Equal(5, rated.CsatScore);
        Assert.Equal("ส่งของใหม่มาไวมากค่ะ ขอบคุณนะคะ", rated.CsatComment);
        before = chat.Sent;
        await chat.SayAsync("สวัสดีค่ะ");
        Assert.Contains("คุณPloy", (await chat.AnswerSinceAsync(before, 1)).Text);
    }

    [Fact]
    public async Task ACasePastItsAnswerTimeIsReportedToTheOwnerOnce()
    {
        var opened = await ComplaintAsync();
        await using var scope = Host.Services.CreateAsyncScope();
        var desk = scope.ServiceProvider.GetRequiredService<CaseDesk>();
        Assert.Equal(0, await desk.NotifyBreachesAsync(CancellationToken.None));

        await Host.QueryAsync(db => db.Cases.Where(c => c.Id == opened.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.DueAtMs, 1000)));
        Assert.Equal(1, await desk.NotifyBreachesAsync(CancellationToken.None));
        Assert.Equal(0, await desk.NotifyBreachesAsync(CancellationToken.None));

        await Eventually.TrueAsync(() => Fakes.Line.SentTo(OwnerLineUser).Count == 1, what: "the owner's LINE gets the notice");
        Assert.Contains($"#{opened.Id}", (string?)Fakes.Line.SentTo(OwnerLineUser)[0].Messages[0]!["text"]);
        var breached = await Host.QueryAsync(db => db.Cases.AsNoTracking().SingleAsync());
        Assert.NotNull(breached.BreachNotifiedAtMs);

        // Page fragments answer 401 to a stranger (the page script then reloads into the sign-in page).
        using var anonymous = new ConsoleClient(Host.BaseUrl);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/console/fragments/cases")).Status);
    }
}
