using System.Net;
using System.Text.Json.Nodes;
using ChatCommerce.Channels.Messenger;
using ChatCommerce.IntegrationTests.Support;
using ChatCommerce.IntegrationTests.Transcripts;
using Microsoft.EntityFrameworkCore;

namespace ChatCommerce.IntegrationTests.Customers;

/// <summary>POST /webhooks/messenger/data-deletion: Meta's signed request, the erasure it schedules, and the status page.</summary>
public sealed class DataDeletionTests : HostedTest
{
    private const string Psid = "7011223344556677";
    private const string AppScopedId = "1029384756";

    private async Task<HttpResponseMessage> PostAsync(string? signedRequest, string contentType = "form")
    {
        using var client = new HttpClient { BaseAddress = new Uri(Host.BaseUrl) };
        HttpContent content = contentType == "form"
            ? new FormUrlEncodedContent(signedRequest is null ? [] : [new("signed_request", signedRequest)])
            : new StringContent("{\"signed_request\":\"" + signedRequest + "\"}", System.Text.Encoding.UTF8, "application/json");
        return await client.PostAsync("/webhooks/messenger/data-deletion", content);
    }

    [Fact]
    public async Task AVerifiedRequestErasesTheUserItNamesAndItsPageSaysSo()
    {
        var chat = new MessengerDriver(Fakes, Psid, SettledAsync);
        chat.AddUser("Somchai", "th");
        await chat.SayAndReadAsync("สวัสดีครับ มีเสื้อยืดไหม");
        Assert.True(await Host.QueryAsync(db => db.Contacts.AnyAsync(k => k.UserId == Psid)));
        Fakes.Messenger.AddAppScopedId(AppScopedId, Psid);

        var response = await PostAsync(Fakes.Messenger.SignedDeletionRequest(AppScopedId));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        var code = (string)body["confirmation_code"]!;
        Assert.Matches("^[A-Z0-9]{16}$", code);
        var url = (string)body["url"]!;
        Assert.EndsWith("/privacy/deletion/" + code, url);

        // The job runs the erasure: the shopper is gone, and the request forgets whom it named.
        await Eventually.TrueAsync(() => Host.QueryAsync(db => db.ErasureRequests.AnyAsync(r => r.ConfirmationCode == code && r.Status == "erased")), TimeSpan.FromSeconds(30));
        Assert.False(await Host.QueryAsync(db => db.Contacts.AnyAsync(k => k.UserId == Psid)));
        Assert.False(await Host.QueryAsync(db => db.Inbox.AnyAsync(r => r.Conversation == "messenger:" + Psid)));
        Assert.Null(await Host.QueryAsync(db => db.ErasureRequests.Where(r => r.ConfirmationCode == code).Select(r => r.SubjectId).SingleAsync()));

        using var browser = new HttpClient();
        var page = await browser.GetAsync(new Uri(new Uri(Host.BaseUrl), new Uri(url).PathAndQuery));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("ลบข้อมูลของคุณ", html);
        Assert.Contains("Your data was erased", html);
        Assert.DoesNotContain(Psid, html);
        Assert.DoesNotContain("Somchai", html);
    }

    [Fact]
    public async Task AnIdNobodyWroteFromIsRecordedAsNotFound()
    {
        var response = await PostAsync(Fakes.Messenger.SignedDeletionRequest("5555555555"));
        var code = (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["confirmation_code"]!;
        await Eventually.TrueAsync(() => Host.QueryAsync(db => db.ErasureRequests.AnyAsync(r => r.ConfirmationCode == code && r.Status == "not_found")), TimeSpan.FromSeconds(30));
        using var browser = new HttpClient { BaseAddress = new Uri(Host.BaseUrl) };
        Assert.Contains("nothing to erase", await browser.GetStringAsync("/privacy/deletion/" + code));
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/privacy/deletion/NOSUCHCODE")).StatusCode);
    }

    [Fact]
    public async Task AForgedOrMalformedRequestIsRefusedAndRecordsNothing()
    {
        var forged = MessengerSignedRequest.Sign("not-the-app-secret", new JsonObject { ["algorithm"] = "HMAC-SHA256", ["user_id"] = AppScopedId });
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(forged)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync("no-dot-here")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync("!!!.???")).StatusCode);
        var otherAlgorithm = MessengerSignedRequest.Sign(Fakes.Messenger.Options.AppSecret, new JsonObject { ["algorithm"] = "NONE", ["user_id"] = AppScopedId });
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(otherAlgorithm)).StatusCode);
        var noUser = MessengerSignedRequest.Sign(Fakes.Messenger.Options.AppSecret, new JsonObject { ["algorithm"] = "HMAC-SHA256" });
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(noUser)).StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await PostAsync(Fakes.Messenger.SignedDeletionRequest(AppScopedId), "json")).StatusCode);
        Assert.False(await Host.QueryAsync(db => db.ErasureRequests.AnyAsync()));
    }
}
