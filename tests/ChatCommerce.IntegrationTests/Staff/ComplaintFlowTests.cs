using ChatCommerce.Domain.Cases;
using ChatCommerce.IntegrationTests.Support;
using ChatCommerce.IntegrationTests.Transcripts;
using Microsoft.EntityFrameworkCore;

namespace ChatCommerce.IntegrationTests.Staff;

/// <summary>The complaint flow's answers land on the case as they are given: category, order, photos, wish.</summary>
public sealed class ComplaintFlowTests : HostedTest
{
    private const string LineUser = "U5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e";

    [Fact]
    public async Task AVagueComplaintAsksWhatWentWrongThenForPhotosAndWhatTheShopperWantsKeepingEachAnswerThenGoesToAPerson()
    {
        IChatDriver chat = new LineDriver(Fakes, LineUser, SettledAsync);
        chat.AddUser("Ploy", "th");
        var opened = await chat.SayAndReadAsync("ไม่พอใจมากเลยค่ะ แย่มาก");
        Assert.Contains("ร้านรับเรื่องไว้แล้ว", opened.Text);
        Assert.Contains("เกิดปัญหาอะไรขึ้นคะ", opened.Text);
        Assert.Equal(7, opened.Buttons.Count);

        var photo = await chat.TapAndReadAsync(opened, "ได้ของผิด");
        Assert.Contains("ส่งรูปในแชทนี้ได้เลยค่ะ", photo.Text);
        var before = chat.Sent;
        var sentPicture = ChatCommerce.FakePlatforms.Payments.FakeSlips.Picture("a photo of the wrong shirt");
        await chat.PhotoAsync(sentPicture);
        var received = await chat.AnswerSinceAsync(before, 1);
        Assert.Contains("ได้รับรูปแล้วค่ะ", received.Text);

        var wish = await chat.TapAndReadAsync(received, "ไม่มีรูปแล้ว");
        Assert.Contains("อยากให้ร้านแก้ไขแบบไหนคะ", wish.Text);
        var done = await chat.SayAndReadAsync("อยากได้เงินคืนค่ะ");
        Assert.Contains("รับรายละเอียดไว้ครบแล้วค่ะ", done.Text);
        // Said strongly negatively, and a wrong item on top: severe, so a person takes it from here.
        Assert.Contains("ส่งต่อให้พนักงานดูแลแล้วค่ะ", done.Text);

        var serviceCase = await Host.QueryAsync(db => db.Cases.AsNoTracking().SingleAsync());
        Assert.Equal(CaseCategories.WrongItem, serviceCase.Category);
        Assert.Equal(CaseSeverity.High, serviceCase.Severity);
        // The answer time shrank to a severe case's (two working hours from when it opened).
        var shop = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Microsoft.Extensions.Options.IOptions<Domain.Shop.ShopOptions>>(Host.Services).Value;
        var expected = Dialogs.Complaints.ComplaintRules.AddWorkingTime(shop.Local(DateTimeOffset.FromUnixTimeMilliseconds(serviceCase.CreatedAtMs)), TimeSpan.FromHours(2), shop.OpensAt, shop.ClosesAt);
        Assert.Equal(expected.ToUnixTimeMilliseconds(), serviceCase.DueAtMs);
        Assert.Equal(CaseWishes.Refund, serviceCase.Wish);
        var events = await Host.QueryAsync(db => db.CaseEvents.AsNoTracking().Where(e => e.CaseId == serviceCase.Id).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal([CaseEventKinds.Note, CaseEventKinds.Photo, CaseEventKinds.Note], events.Select(e => e.Kind).ToArray());
        Assert.Equal("category wrong_item", events[0].Text);
        Assert.Matches("^[0-9a-f]{64}$", events[1].Reference);
        Assert.True(await Host.QueryAsync(db => db.Slips.AnyAsync(s => s.Sha256 == events[1].Reference)));
        Assert.Equal("wish refund: อยากได้เงินคืนค่ะ", events[2].Text);

        // Staff see the photo on the case page.
        using var console = new Console.ConsoleClient(Host.BaseUrl);
        await Console.ConsoleClient.AddStaffAsync(Host, "nok@shop.test", "staff-password-42");
        await console.SignInAsync("nok@shop.test", "staff-password-42");
        Assert.Contains($"/console/pictures/{events[1].Reference}", (await console.GetAsync($"/console/cases/{serviceCase.Id}")).Html);
        var picture = await console.GetAsync($"/console/pictures/{events[1].Reference}");
        Assert.Equal(System.Net.HttpStatusCode.OK, picture.Status);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await console.GetAsync("/console/pictures/" + new string('0', 64))).Status);

        // The conversation shows the picture too, fetched from the platform by the stored event.
        var pictureLine = (await Host.InteractionsAsync()).Single(i => i.Kind == "message:image");
        var chatPath = $"/console/c/line/{LineUser}";
        Assert.Contains($"{chatPath}/pictures/{pictureLine.Id}", (await console.GetAsync(chatPath)).Html);
        using (var raw = new HttpClient(new HttpClientHandler { CookieContainer = console.Cookies }) { BaseAddress = new Uri(Host.BaseUrl) })
        {
            Assert.Equal(sentPicture, await raw.GetByteArrayAsync($"{chatPath}/pictures/{pictureLine.Id}"));
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await raw.GetAsync($"/console/c/line/Uffffffffffffffffffffffffffffffff/pictures/{pictureLine.Id}")).StatusCode);
        }

        using var stranger = new Console.ConsoleClient(Host.BaseUrl);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await stranger.GetAsync($"/console/pictures/{events[1].Reference}")).Status);

        // The flow is over and staff have the conversation: the bot says nothing more.
        before = chat.Sent;
        await chat.SayAsync("สวัสดีค่ะ");
        await Eventually.QuietAsync();
        Assert.Equal(before, chat.Sent);
        Assert.Single(await Host.QueryAsync(db => db.Cases.AsNoTracking().ToListAsync()));
        Assert.Single(await Host.QueryAsync(db => db.Handoffs.AsNoTracking().Where(h => h.ReleasedAtMs == null).ToListAsync()));
    }
}
