using ChatCommerce.Dialogs.Complaints;
using ChatCommerce.Domain.Cases;
using ChatCommerce.Domain.Staff;
using ChatCommerce.IntegrationTests.Support;
using ChatCommerce.IntegrationTests.Transcripts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ChatCommerce.IntegrationTests.Console;

/// <summary>
/// The console in a real browser: Playwright drives Debian's Chromium headless
/// (<c>/usr/bin/chromium</c>, installed by the test script) against the host and the fake LINE platform.
/// </summary>
public sealed class ConsoleBrowserTests : HostedTest
{
    private const string LineUser = "U3c4d5e6f708192a3b4c5d6e7f8091a2b";
    private const string Chromium = "/usr/bin/chromium";

    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ChatCommerce:Console:Owner:Email"] = ConsoleAccessTests.OwnerEmail,
        ["ChatCommerce:Console:Owner:Password"] = ConsoleAccessTests.OwnerPassword,
        ["ChatCommerce:Cases:CsatDelayMinutes"] = "0",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Assert.True(File.Exists(Chromium), "Chromium is missing: ./scripts/test.sh installs it (apt-get install chromium)");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
    }

    public override async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await base.DisposeAsync();
    }

    private async Task<IPage> SignedInAsync(string email, string password, int width = 1280)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Host.BaseUrl, ViewportSize = new ViewportSize { Width = width, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/console");
        Assert.Contains("/console/login", page.Url);
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        // Wait for the navigation the click starts (a loaded machine can be slow to answer the post).
        await Task.WhenAll(
            page.WaitForURLAsync(url => !url.Contains("/login"), new PageWaitForURLOptions { Timeout = 60_000 }),
            page.ClickAsync("button[type=submit]"));
        return page;
    }

    private static Task LiveAsync(IPage page) => page.WaitForSelectorAsync("body[data-connected='1']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });

    [Fact]
    public async Task AComplaintMidCheckoutReachesTheConsoleLiveStaffAnswerWhileTheBotIsSilentAndALowScoreReopensTheCase()
    {
        await ConsoleClient.AddStaffAsync(Host, ConsoleAccessTests.StaffEmail, ConsoleAccessTests.StaffPassword);
        // Staff work on a phone-sized screen.
        var page = await SignedInAsync(ConsoleAccessTests.StaffEmail, ConsoleAccessTests.StaffPassword, width: 390);
        await page.GotoAsync("/console/cases");
        await LiveAsync(page);
        Assert.Equal(0, await page.Locator("tr[data-case]").CountAsync());
        await page.EvaluateAsync("() => { window.sameDocument = true; }");

        // The customer is in the middle of checkout and complains.
        IChatDriver chat = new LineDriver(Fakes, LineUser, SettledAsync);
        chat.AddUser("Ploy", "th");
        var before = chat.Sent;
        await chat.SayAsync("cf sn1 2");
        var basket = await chat.AnswerSinceAsync(before, 1);
        before = chat.Sent;
        await chat.TapAsync(basket.Buttons["สั่งซื้อเลย"]);
        Assert.Contains("ขอชื่อผู้รับสินค้า", (await chat.AnswerSinceAsync(before, 1)).Text);
        before = chat.Sent;
        await chat.SayAsync("ของที่ได้รอบก่อนกล่องบุบมาค่ะ");
        var apology = await chat.AnswerSinceAsync(before, 1);
        Assert.Contains("ร้านรับเรื่องไว้แล้ว", apology.Text);

        // The case appears on the open page without a reload.
        var row = page.Locator("tr[data-case]");
        await row.First.WaitForAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"));
        Assert.Contains("บุบ", await row.First.InnerTextAsync());

        await page.ClickAsync("tr[data-case] a");
        await page.ClickAsync("text=เปิดแชท");
        await page.WaitForURLAsync($"**/console/c/line/{LineUser}**");
        await LiveAsync(page);
        Assert.Contains("ของที่ได้รอบก่อนกล่องบุบมาค่ะ", await page.InnerTextAsync("#transcript"));

        await page.ClickAsync("#takeover");
        await page.WaitForSelectorAsync("#send");
        await LiveAsync(page);
        Assert.Equal("staff", await page.GetAttributeAsync("#owner", "data-owner"));

        // The customer writes again: the bot says nothing; the message appears live.
        before = chat.Sent;
        await chat.SayAsync("รอนานไหมคะ");
        await page.Locator("#transcript").GetByText("รอนานไหมคะ").WaitForAsync();
        Assert.Equal(before, chat.Sent);

        await page.FillAsync("#reply-text", "สวัสดีค่ะ นกจากร้านนะคะ ขอโทษด้วยค่ะ จะส่งชิ้นใหม่ให้ทันทีค่ะ");
        await page.ClickAsync("#send");
        await page.WaitForSelectorAsync(".flash");
        await Eventually.TrueAsync(() => chat.Sent > before, what: "the staff reply reaches the fake LINE platform");
        var push = Fakes.Line.SentTo(LineUser)[^1];
        Assert.Equal("push", push.Kind);
        Assert.Equal("สวัสดีค่ะ นกจากร้านนะคะ ขอโทษด้วยค่ะ จะส่งชิ้นใหม่ให้ทันทีค่ะ", (string?)push.Messages[0]!["text"]);
        Assert.Equal(before + 1, chat.Sent);

        // Resolve: the case closes and the conversation goes back to the bot.
        await page.ClickAsync("#resolve");
        await page.WaitForSelectorAsync("#owner[data-owner='bot']");
        var resolved = await Host.QueryAsync(db => db.Cases.AsNoTracking().SingleAsync());
        Assert.Equal(CaseStatus.Resolved, resolved.Status);
        Assert.NotNull(resolved.FirstResponseAtMs);

        // The satisfaction job asks; a score of 1 reopens the case and brings staff back.
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<CaseDesk>().AskSatisfactionAsync(CancellationToken.None));
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<CaseDesk>().AskSatisfactionAsync(CancellationToken.None));
        }

        before = chat.Sent - 1;
        var question = await chat.AnswerSinceAsync(before, 1);
        Assert.Contains("พอใจกับการแก้ไขแค่ไหน", question.Text);
        await page.GotoAsync("/console/cases?status=all");
        await LiveAsync(page);
        before = chat.Sent;
        await chat.TapAsync(question.Buttons.Values.Single(b => b.Data.EndsWith(":1")));
        Assert.Contains("เปิดเรื่องนี้ใหม่", (await chat.AnswerSinceAsync(before, 1)).Text);
        await page.WaitForSelectorAsync("tr[data-case][data-status='reopened']");
        var reopened = await Host.QueryAsync(db => db.Cases.AsNoTracking().SingleAsync());
        Assert.Equal(CaseStatus.Reopened, reopened.Status);
        Assert.Equal(1, reopened.CsatScore);

        await page.GotoAsync("/console?queue=waiting");
        Assert.Equal(1, await page.Locator($"li[data-conversation='line:{LineUser}']").CountAsync());

        // Every step is on the record.
        var audit = await Host.QueryAsync(db => db.AuditLog.AsNoTracking().Select(e => e.Action).ToListAsync());
        Assert.Contains(AuditActions.TakeOver, audit);
        Assert.Contains(AuditActions.HandBack, audit);
        Assert.Contains(AuditActions.CaseResolved, audit);
        Assert.Contains(AuditActions.CaseReopened, audit);
    }

    [Fact]
    public async Task AStaffAccountCannotOpenOwnerPagesAndFiveWrongPasswordsLockIt()
    {
        await ConsoleClient.AddStaffAsync(Host, ConsoleAccessTests.StaffEmail, ConsoleAccessTests.StaffPassword);
        var staff = await SignedInAsync(ConsoleAccessTests.StaffEmail, ConsoleAccessTests.StaffPassword);
        Assert.Equal(0, await staff.Locator("a[href='/console/audit']").CountAsync());
        var audit = await staff.GotoAsync("/console/audit");
        Assert.Equal(403, audit!.Status);
        Assert.Contains("สำหรับเจ้าของร้านเท่านั้น", await staff.InnerTextAsync("main"));

        var owner = await SignedInAsync(ConsoleAccessTests.OwnerEmail, ConsoleAccessTests.OwnerPassword);
        Assert.Equal(200, (await owner.GotoAsync("/console/audit"))!.Status);

        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Host.BaseUrl });
        var intruder = await context.NewPageAsync();
        for (var i = 1; i <= 5; i++)
        {
            await intruder.GotoAsync("/console/login");
            await intruder.FillAsync("#email", ConsoleAccessTests.StaffEmail);
            await intruder.FillAsync("#password", "wrong-" + i);
            await intruder.ClickAsync("button[type=submit]");
            await intruder.WaitForSelectorAsync(".error");
        }

        Assert.Contains("บัญชีถูกล็อกชั่วคราว", await intruder.InnerTextAsync(".error"));
        await intruder.GotoAsync("/console/login");
        await intruder.FillAsync("#email", ConsoleAccessTests.StaffEmail);
        await intruder.FillAsync("#password", ConsoleAccessTests.StaffPassword);
        await intruder.ClickAsync("button[type=submit]");
        await intruder.WaitForSelectorAsync(".error");
        Assert.Contains("บัญชีถูกล็อกชั่วคราว", await intruder.InnerTextAsync(".error"));
    }
}
