using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatCommerce.Domain.Broadcasts;
using ChatCommerce.Domain.Customers;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Infrastructure.Data;
using ChatCommerce.IntegrationTests.Support;
using ChatCommerce.IntegrationTests.Transcripts;
using ChatCommerce.Web.Broadcasts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.IntegrationTests.Promotions;

/// <summary>
/// /api/v1/broadcasts: LINE by multicast in batches of 500 under retry keys, Messenger only inside
/// the window, only to consenting customers, each once, even when sending starts again after a crash.
/// </summary>
public sealed class BroadcastTests : HostedTest
{
    private const string Key = "test-owner-key-0123456789";
    private const int LineCustomers = 1_050; // three multicasts: 500, 500 and 50 (+ the one below)
    private const string BothChannels = "cust-both";
    private const string InWindow = "9900000000000001";
    private const string OutOfWindow = "9900000000000002";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["ChatCommerce:Admin:ApiKey"] = Key };

    private static string LineUser(int i) => $"U{i:x32}";

    /// <summary>Customers as the shop would have them: most on LINE with consent, some without, one on both channels.</summary>
    private async Task SeedAsync()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await Host.QueryAsync(async db =>
        {
            for (var i = 0; i < LineCustomers + 20; i++)
            {
                var id = $"cust-{i:d5}";
                var consent = i < LineCustomers ? ConsentStatuses.Granted : null; // the last 20 never said yes to offers
                db.Customers.Add(new Customer { Id = id, Consent = consent, Segment = i % 10 == 0 ? Segments.Loyal : Segments.New, CreatedAtMs = now, UpdatedAtMs = now });
                db.Contacts.Add(new ContactRecord { Channel = ChannelNames.Line, UserId = LineUser(i), CustomerId = id, FirstSeenAtMs = now, UpdatedAtMs = now, LastUserMessageAtMs = now - 86_400_000L * 3 });
            }

            db.Customers.Add(new Customer { Id = BothChannels, Consent = ConsentStatuses.Granted, Segment = Segments.Champions, CreatedAtMs = now, UpdatedAtMs = now });
            db.Contacts.Add(new ContactRecord { Channel = ChannelNames.Line, UserId = LineUser(99_999), CustomerId = BothChannels, FirstSeenAtMs = now, UpdatedAtMs = now, Language = "en" });
            db.Contacts.Add(new ContactRecord { Channel = ChannelNames.Messenger, UserId = "psid-both", CustomerId = BothChannels, FirstSeenAtMs = now, UpdatedAtMs = now, LastUserMessageAtMs = now });
            return await db.SaveChangesAsync();
        });

        // Two Messenger shoppers who wrote to the shop: one an hour ago, one a day and more ago.
        foreach (var psid in new[] { InWindow, OutOfWindow })
        {
            var chat = new MessengerDriver(Fakes, psid, SettledAsync);
            chat.AddUser("Mali", "th");
            await chat.SayAsync("สวัสดีค่ะ");
        }

        await Eventually.TrueAsync(SettledAsync);
        await Host.QueryAsync(db => db.Customers.Where(c => db.Contacts.Any(k => k.Channel == ChannelNames.Messenger && (k.UserId == InWindow || k.UserId == OutOfWindow) && k.CustomerId == c.Id))
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.Consent, ConsentStatuses.Granted)));
        var closedAt = DateTimeOffset.UtcNow.AddHours(-30).ToUnixTimeMilliseconds();
        await Host.QueryAsync(db => db.Contacts.Where(k => k.UserId == OutOfWindow).ExecuteUpdateAsync(u => u.SetProperty(k => k.LastUserMessageAtMs, closedAt)));
    }

    private async Task<JsonObject> ProgressAsync(HttpClient owner, string id) => (await owner.GetFromJsonAsync<JsonObject>($"/api/v1/broadcasts/{id}"))!;

    private async Task<JsonObject> DoneAsync(HttpClient owner, string id)
    {
        JsonObject progress = null!;
        await Eventually.TrueAsync(async () => (string)(progress = await ProgressAsync(owner, id))["status"]! == BroadcastStatuses.Done, TimeSpan.FromSeconds(60), "the broadcast finished");
        await Eventually.TrueAsync(SettledAsync);
        return progress;
    }

    private List<string> BroadcastRecipientsOnLine(string text) =>
        [.. Fakes.Line.Sent.Where(s => s.Kind == "multicast" && s.Messages.Any(m => ((string?)m!["text"])?.StartsWith(text, StringComparison.Ordinal) == true)).Select(s => s.To)];

    [Fact]
    public async Task EveryConsentingCustomerGetsTheBroadcastOnceOnTheChannelThatReachesThem()
    {
        await SeedAsync();
        using var owner = Host.OwnerClient(Key);
        Fakes.Line.Failures.Fail("multicast", 500); // the first call fails: tried again under its key

        var response = await owner.PostAsJsonAsync("/api/v1/broadcasts", new { name = "Payday", text = "สินค้าใหม่มาแล้วค่ะ ลด 10% ถึงสิ้นเดือน", promotionId = "spend-more-save-more" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var id = (string)created["id"]!;
        Assert.Equal(LineCustomers + 1 + 2, (int)created["recipients"]!); // no one without consent; the two-channel customer once

        var progress = await DoneAsync(owner, id);
        Assert.Equal(LineCustomers + 1 + 1, (int)progress["sent"]!);
        Assert.Equal(0, (int)progress["pending"]!);
        Assert.Equal(1, (int)progress["skipped"]![BroadcastSkips.OutsideWindow]!);

        // LINE: multicasts of at most 500 under retry keys, every consenting user exactly once.
        var line = BroadcastRecipientsOnLine("สินค้าใหม่มาแล้วค่ะ");
        Assert.Equal(LineCustomers + 1, line.Count);
        Assert.Equal(line.Count, line.Distinct().Count());
        Assert.DoesNotContain(LineUser(LineCustomers), line); // no consent
        var calls = Fakes.Line.Sent.Where(s => s.Kind == "multicast").GroupBy(s => s.RequestId).ToList();
        Assert.Equal(3, calls.Count);
        Assert.All(calls, c => Assert.True(c.Count() <= 500 && c.First().RetryKey is { Length: 36 }));
        var text = (string)Fakes.Line.Sent.First(s => s.Kind == "multicast").Messages[0]!["text"]!;
        Assert.Contains("🎁 ", text); // the promotion's name under the owner's text

        // Messenger: only inside the window; the customer on both channels got LINE only.
        var messenger = Fakes.Messenger.Sent.Where(s => ((string?)s.Message?["text"])?.StartsWith("สินค้าใหม่มาแล้วค่ะ", StringComparison.Ordinal) == true).Select(s => s.Psid).ToList();
        Assert.Equal([InWindow], messenger);

        // After a crash between LINE's answer and the note of it: sent again under the same key, LINE answers 409.
        await Host.QueryAsync(async db =>
        {
            await db.BroadcastBatches.Where(b => b.BroadcastId == id && b.Number == 2).ExecuteUpdateAsync(u => u.SetProperty(b => b.State, RecipientStates.Pending));
            await db.BroadcastRecipients.Where(r => r.BroadcastId == id && r.Batch == 2).ExecuteUpdateAsync(u => u.SetProperty(r => r.State, RecipientStates.Pending));
            return await db.Broadcasts.Where(b => b.Id == id).ExecuteUpdateAsync(u => u.SetProperty(b => b.Status, BroadcastStatuses.Sending));
        });
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<BroadcastSender>().SendAsync(id, default));
        }

        Assert.Equal(LineCustomers + 1, BroadcastRecipientsOnLine("สินค้าใหม่มาแล้วค่ะ").Count);
        Assert.Equal(LineCustomers + 1 + 1, (int)(await ProgressAsync(owner, id))["sent"]!);

        var list = (await owner.GetFromJsonAsync<JsonArray>("/api/v1/broadcasts"))!;
        Assert.Equal(id, (string)list[0]!["id"]!);
    }

    [Fact]
    public async Task ASegmentIsReachedAloneAndABadRequestSaysWhatToFix()
    {
        await SeedAsync();
        using var owner = Host.OwnerClient(Key);

        var response = await owner.PostAsJsonAsync("/api/v1/broadcasts", new { text = "For our loyal customers", segment = Segments.Loyal });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        await DoneAsync(owner, id);
        var reached = BroadcastRecipientsOnLine("For our loyal customers");
        Assert.Equal(LineCustomers / 10, reached.Count);
        Assert.All(reached, u => Assert.Equal(0, Convert.ToInt32(u[1..], 16) % 10));

        // While staff own a chat the shop says nothing on its own there; a closed window is skipped too.
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"/api/v1/conversations/messenger/{InWindow}/takeover", new { staff = "Nok" })).StatusCode);
        response = await owner.PostAsJsonAsync("/api/v1/broadcasts", new { text = "For new friends", segment = Segments.Prospect });
        var prospects = await DoneAsync(owner, (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!);
        Assert.Equal((2, 0), ((int)prospects["recipients"]!, (int)prospects["sent"]!));
        Assert.Equal(1, (int)prospects["skipped"]![BroadcastSkips.StaffOwn]!);
        Assert.Equal(1, (int)prospects["skipped"]![BroadcastSkips.OutsideWindow]!);
        Assert.DoesNotContain(Fakes.Messenger.Sent, s => ((string?)s.Message?["text"])?.StartsWith("For new friends", StringComparison.Ordinal) == true);

        var bad = await owner.PostAsJsonAsync("/api/v1/broadcasts", new { text = "", segment = "vip", promotionId = "no-such-promotion" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Contains("Write the message", (string)errors["text"]![0]!);
        Assert.Contains("Unknown segment 'vip'", (string)errors["segment"]![0]!);
        Assert.Contains("No promotion 'no-such-promotion'", (string)errors["promotionId"]![0]!);

        var misspelt = await owner.PostAsJsonAsync("/api/v1/broadcasts", new { txt = "hello" });
        Assert.Equal(HttpStatusCode.BadRequest, misspelt.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync("/api/v1/broadcasts/bc_missing")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Host.Http.GetAsync("/api/v1/broadcasts")).StatusCode);
    }
}
