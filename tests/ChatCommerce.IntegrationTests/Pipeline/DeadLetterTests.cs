using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatCommerce.IntegrationTests.Support;

namespace ChatCommerce.IntegrationTests.Pipeline;

/// <summary>An event that keeps failing is retried with backoff, then set aside; its conversation goes on.</summary>
public sealed class DeadLetterTests : IAsyncLifetime
{
    private const string User = "U0000000000000000000000000000a802";
    private const string Key = "owner-key-for-dead-letter-tests";
    private readonly Faults _faults = new() { PoisonText = "boom" };
    private FakePlatformServer _fakes = null!;
    private TestHost _host = null!;

    public async Task InitializeAsync()
    {
        _fakes = await FakePlatformServer.StartAsync();
        _host = await PipelineHost.StartAsync(_fakes, _faults, new Dictionary<string, string?>
        {
            ["ChatCommerce:Pipeline:MaxAttempts"] = "3",
            ["ChatCommerce:Pipeline:FirstRetryDelay"] = "00:00:00.200",
            ["ChatCommerce:Admin:ApiKey"] = Key,
        });
        _host.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _fakes.DisposeAsync();
    }

    [Fact]
    public async Task APoisonEventIsDeadLetteredAfterItsAttemptsAndTheNextMessageIsAnsweredAfterIt()
    {
        using var deadLetters = new MetricCounter(_host, "chatcommerce.inbox.dead_letters");
        var now = DateTimeOffset.UtcNow;
        var poison = _fakes.Line.TextEvent(User, "boom", now);
        var next = _fakes.Line.TextEvent(User, "สวัสดีค่ะ", now.AddMilliseconds(10));
        await _fakes.Line.DeliverAsync([poison, next]);

        // The later message waits while the poison one is tried (order is kept), then goes on.
        var sent = await Eventually.ValueAsync(() => _fakes.Line.SentTo(User), s => s.Count == 1, TimeSpan.FromSeconds(20));
        Assert.Equal((string)next["webhookEventId"]!, sent[0].EventId);
        var rows = await _host.InboxAsync();
        var dead = Assert.Single(rows, r => r.EventId == (string)poison["webhookEventId"]!);
        Assert.Equal("DeadLettered", dead.Status);
        Assert.Equal(3, dead.Attempts);
        Assert.Contains("breaks the dialog", dead.Note);
        Assert.Equal(1, deadLetters.Total);
        Assert.True(sent[0].At - now > TimeSpan.FromMilliseconds(500), "the next message waited for the retries");

        // The owner sees it, with the reason, and can send it round again once the fault is fixed.
        var listed = await _host.Http.GetFromJsonAsync<JsonArray>("/api/v1/inbox/dead-letters");
        var letter = Assert.Single(listed!);
        Assert.Equal("line", (string?)letter!["channel"]);
        Assert.Equal(User, (string?)letter["chatId"]);
        Assert.Equal("message", (string?)letter["type"]);
        Assert.Equal(3, (int)letter["attempts"]!);
        Assert.Contains("breaks the dialog", (string?)letter["reason"]);

        _faults.PoisonText = null;
        var retry = await _host.Http.PostAsync($"/api/v1/inbox/dead-letters/{(long)letter["id"]!}/retry", null);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        await Eventually.ValueAsync(() => _fakes.Line.SentTo(User), s => s.Count == 2);
        Assert.Empty((await _host.Http.GetFromJsonAsync<JsonArray>("/api/v1/inbox/dead-letters"))!);
        Assert.Equal(HttpStatusCode.NotFound, (await _host.Http.PostAsync($"/api/v1/inbox/dead-letters/{(long)letter["id"]!}/retry", null)).StatusCode);
    }
}
