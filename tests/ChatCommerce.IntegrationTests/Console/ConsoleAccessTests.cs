using System.Net;
using ChatCommerce.Domain.Staff;
using ChatCommerce.IntegrationTests.Support;
using ChatCommerce.Web.Console;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.IntegrationTests.Console;

/// <summary>Who may open the console, and what it refuses: wrong passwords, forged forms, staff on owner pages.</summary>
public sealed class ConsoleAccessTests : HostedTest
{
    public const string OwnerEmail = "owner@shop.test";
    public const string OwnerPassword = "correct-horse-battery";
    public const string StaffEmail = "nok@shop.test";
    public const string StaffPassword = "staff-password-42";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ChatCommerce:Console:Owner:Email"] = OwnerEmail,
        ["ChatCommerce:Console:Owner:Password"] = OwnerPassword,
    };

    [Fact]
    public async Task TheOwnerFromConfigurationSignsInAndThePasswordIsStoredOnlyAsIdentitysHash()
    {
        using var console = new ConsoleClient(Host.BaseUrl);
        var (status, _, location) = await console.GetAsync("/console");
        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.StartsWith("http://", location);
        Assert.Contains("/console/login", location);

        var signedIn = await console.SignInAsync("Owner@Shop.test ", OwnerPassword);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.Status);
        Assert.Equal("/console", signedIn.Location);
        var inbox = await console.GetAsync("/console");
        Assert.Equal(HttpStatusCode.OK, inbox.Status);
        Assert.Contains("กล่องข้อความ", inbox.Html);
        Assert.Contains("/console/audit", inbox.Html);

        var account = await Host.QueryAsync(db => db.ConsoleAccounts.AsNoTracking().SingleAsync());
        Assert.Equal(ConsoleRoles.Owner, account.Role);
        Assert.DoesNotContain(OwnerPassword, account.PasswordHash);
        Assert.StartsWith("AQAAAA", account.PasswordHash); // Identity's v3 format: PBKDF2 with its parameters in the hash
        Assert.Equal(HttpStatusCode.Redirect, (await console.GetAsync("/console/lang/en?back=/console")).Status);
        Assert.Contains("Inbox", (await console.GetAsync("/console")).Html);
    }

    [Fact]
    public async Task FiveWrongPasswordsLockTheAccountEvenAgainstTheRightOneUntilTheOwnerUnlocksIt()
    {
        await ConsoleClient.AddStaffAsync(Host, StaffEmail, StaffPassword);
        using var intruder = new ConsoleClient(Host.BaseUrl);
        for (var i = 1; i <= 4; i++)
        {
            var wrong = await intruder.SignInAsync(StaffEmail, "guess-" + i);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
            Assert.Contains("อีเมลหรือรหัสผ่านไม่ถูกต้อง", wrong.Html);
        }

        var fifth = await intruder.SignInAsync(StaffEmail, "guess-5");
        Assert.Equal((HttpStatusCode)423, fifth.Status);
        Assert.Contains("บัญชีถูกล็อกชั่วคราว", fifth.Html);
        var right = await intruder.SignInAsync(StaffEmail, StaffPassword);
        Assert.Equal((HttpStatusCode)423, right.Status);
        Assert.Equal(HttpStatusCode.Redirect, (await intruder.GetAsync("/console")).Status);

        // An unknown e-mail reads exactly like a wrong password.
        Assert.Contains("อีเมลหรือรหัสผ่านไม่ถูกต้อง", (await intruder.SignInAsync("nobody@shop.test", "x")).Html);

        using var owner = new ConsoleClient(Host.BaseUrl);
        await owner.SignInAsync(OwnerEmail, OwnerPassword);
        var accounts = await owner.GetAsync("/console/accounts");
        Assert.Contains("ล็อกอยู่", accounts.Html);
        var staff = await Host.QueryAsync(db => db.ConsoleAccounts.AsNoTracking().SingleAsync(a => a.Email == StaffEmail));
        Assert.Equal(HttpStatusCode.Redirect, (await owner.PostAsync($"/console/accounts/{staff.Id}/unlock", new Dictionary<string, string>())).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await intruder.SignInAsync(StaffEmail, StaffPassword)).Status);

        var audit = await Host.QueryAsync(db => db.AuditLog.AsNoTracking().OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(4, audit.Count(e => e.Action == AuditActions.SignInFailed && e.Subject == "account:" + staff.Id && e.Detail!.StartsWith("wrong password")));
        Assert.Single(audit, e => e.Action == AuditActions.LockedOut);
        Assert.Contains(audit, e => e.Action == AuditActions.AccountChanged && e.Detail == "unlocked" && e.Actor.StartsWith("console:"));
    }

    [Fact]
    public async Task StaffCannotOpenOwnerPagesNorCreateAccounts()
    {
        await ConsoleClient.AddStaffAsync(Host, StaffEmail, StaffPassword);
        using var staff = new ConsoleClient(Host.BaseUrl);
        Assert.Equal(HttpStatusCode.Redirect, (await staff.SignInAsync(StaffEmail, StaffPassword)).Status);
        var inbox = await staff.GetAsync("/console");
        Assert.Equal(HttpStatusCode.OK, inbox.Status);
        Assert.DoesNotContain("/console/audit", inbox.Html);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/console/cases")).Status);

        foreach (var page in new[] { "/console/audit", "/console/accounts" })
        {
            var refused = await staff.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, refused.Status);
            Assert.Contains("/console/denied", refused.Location);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/console/denied")).Status);
        var created = await staff.PostAsync("/console/accounts", new Dictionary<string, string> { ["email"] = "evil@shop.test", ["role"] = "owner", ["password"] = "0123456789abc" });
        Assert.Equal(HttpStatusCode.Forbidden, created.Status);
        Assert.Equal(2, await Host.QueryAsync(db => db.ConsoleAccounts.CountAsync()));
    }

    [Fact]
    public async Task AFormWithoutItsAntiForgeryTokenChangesNothing()
    {
        using var owner = new ConsoleClient(Host.BaseUrl);
        await owner.SignInAsync(OwnerEmail, OwnerPassword);
        await owner.GetAsync("/console/accounts");
        var forged = await owner.PostAsync("/console/accounts", new Dictionary<string, string> { ["email"] = "new@shop.test", ["role"] = "staff", ["password"] = "0123456789abc" }, withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
        Assert.Contains("แบบฟอร์มหมดอายุ", forged.Html);
        Assert.Equal(1, await Host.QueryAsync(db => db.ConsoleAccounts.CountAsync()));

        // A sign-in form posted from elsewhere (no token) does not sign anyone in.
        using var stranger = new ConsoleClient(Host.BaseUrl);
        Assert.Equal(HttpStatusCode.BadRequest, (await stranger.PostAsync("/console/login", new Dictionary<string, string> { ["email"] = OwnerEmail, ["password"] = OwnerPassword }, withToken: false)).Status);

        var made = await owner.PostAsync("/console/accounts", new Dictionary<string, string> { ["email"] = "new@shop.test", ["name"] = "New", ["role"] = "staff", ["password"] = "0123456789abc" });
        Assert.Equal("/console/accounts", made.Location);
        Assert.Equal(2, await Host.QueryAsync(db => db.ConsoleAccounts.CountAsync()));
        var tooShort = await owner.PostAsync("/console/accounts", new Dictionary<string, string> { ["email"] = "short@shop.test", ["role"] = "staff", ["password"] = "123" });
        Assert.Equal("/console/accounts?problem=password", tooShort.Location);
    }

    [Fact]
    public async Task TheAuditLogRefusesChangesInTheDatabaseItself()
    {
        using var owner = new ConsoleClient(Host.BaseUrl);
        await owner.SignInAsync(OwnerEmail, OwnerPassword);
        var audit = await owner.GetAsync("/console/audit");
        Assert.Contains("sign_in", audit.Html);
        await Assert.ThrowsAnyAsync<Exception>(() => Host.QueryAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE audit_log SET Detail = 'edited'")));
        await Assert.ThrowsAnyAsync<Exception>(() => Host.QueryAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM audit_log")));
        // Erasing a customer may only pseudonymise what a line was about; who, what and when stay.
        await Assert.ThrowsAnyAsync<Exception>(() => Host.QueryAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE audit_log SET \"Actor\" = 'x', \"Subject\" = 'erased:1', \"Detail\" = NULL")));
        await Assert.ThrowsAnyAsync<Exception>(() => Host.QueryAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE audit_log SET \"Subject\" = 'someone else'")));
        Assert.True(await Host.QueryAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE audit_log SET \"Subject\" = 'erased:1', \"Detail\" = NULL")) > 0);
        Assert.NotEmpty(await Host.QueryAsync(db => db.AuditLog.AsNoTracking().ToListAsync()));
        Assert.All(await Host.QueryAsync(db => db.AuditLog.AsNoTracking().ToListAsync()), e => Assert.Equal(("erased:1", null), (e.Subject, e.Detail)));
    }
}
