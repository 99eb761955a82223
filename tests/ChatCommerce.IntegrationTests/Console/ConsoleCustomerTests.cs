using System.Net;
using ChatCommerce.IntegrationTests.Support;
using ChatCommerce.IntegrationTests.Transcripts;
using Microsoft.EntityFrameworkCore;

namespace ChatCommerce.IntegrationTests.Console;

/// <summary>The customer panel of a conversation: what the shop knows, and staff's tags and notes.</summary>
public sealed class ConsoleCustomerTests : HostedTest
{
    private const string User = "U0c05700000000000000000000000c0de";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ChatCommerce:Console:Owner:Email"] = ConsoleAccessTests.OwnerEmail,
        ["ChatCommerce:Console:Owner:Password"] = ConsoleAccessTests.OwnerPassword,
    };

    [Fact]
    public async Task StaffSeeTheCustomerAndKeepTagsAndNotesOnThem()
    {
        var chat = new LineDriver(Fakes, User, SettledAsync);
        chat.AddUser("Mali", "th");
        await chat.SayAndReadAsync("สวัสดีค่ะ");
        await ConsoleClient.AddStaffAsync(Host, ConsoleAccessTests.StaffEmail, ConsoleAccessTests.StaffPassword);
        using var staff = new ConsoleClient(Host.BaseUrl);
        await staff.SignInAsync(ConsoleAccessTests.StaffEmail, ConsoleAccessTests.StaffPassword);

        var page = await staff.GetAsync($"/console/c/line/{User}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("data-segment=\"prospect\"", page.Html);
        Assert.Contains("ยังไม่เคยถาม", page.Html);

        var saved = await staff.PostAsync($"/console/c/line/{User}/customer", new Dictionary<string, string> { ["tags"] = "VIP, ลูกค้าประจำ", ["notes"] = "ชอบมะม่วง", ["birthday"] = "1992-04-13" });
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        Assert.EndsWith("done=customer-saved", saved.Location);
        var customer = await Host.QueryAsync(db => db.Customers.AsNoTracking().SingleAsync());
        Assert.Equal(("ชอบมะม่วง", "1992-04-13"), (customer.Notes, customer.Birthday));
        Assert.Equal(["vip", "ลูกค้าประจำ"], await Host.QueryAsync(db => db.CustomerTags.Select(t => t.Tag).OrderBy(t => t).ToListAsync()));
        Assert.Contains("บันทึกข้อมูลลูกค้าแล้ว", (await staff.GetAsync(saved.Location!)).Html);

        var refused = await staff.PostAsync($"/console/c/line/{User}/customer", new Dictionary<string, string> { ["tags"] = "<script>", ["notes"] = "x", ["birthday"] = "" });
        Assert.EndsWith("done=bad-tags", refused.Location);
        Assert.Equal("ชอบมะม่วง", await Host.QueryAsync(db => db.Customers.Select(c => c.Notes).SingleAsync()));
        Assert.Equal(2, await Host.QueryAsync(db => db.CustomerTags.CountAsync()));
        Assert.EndsWith("done=bad-tags", (await staff.PostAsync($"/console/c/line/{User}/customer", new Dictionary<string, string> { ["tags"] = "vip", ["notes"] = "x", ["birthday"] = "13/04/1992" })).Location);
        Assert.True(await Host.QueryAsync(db => db.AuditLog.AnyAsync(e => e.Action == "customer_changed" && e.Actor.StartsWith("console:"))));
    }
}
