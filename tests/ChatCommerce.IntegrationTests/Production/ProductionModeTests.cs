using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ChatCommerce.Channels.Line;
using ChatCommerce.Domain.Ports;
using ChatCommerce.Infrastructure.Redis;
using ChatCommerce.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.IntegrationTests.Production;

/// <summary>
/// The host with ConnectionStrings:Postgres and :Redis set: PostgreSQL data, Redis state, locks
/// and dedupe, Hangfire on Redis; and two instances sharing them.
/// </summary>
[Collection(ProductionCollection.Name)]
public sealed class ProductionModeTests(ProductionServers servers) : IAsyncLifetime
{
    private const string User = "U00000000000000000000000000000c3";
    private FakePlatformServer _fakes = null!;
    private TestHost _first = null!;
    private TestHost _second = null!;

    public async Task InitializeAsync()
    {
        _fakes = await FakePlatformServer.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = await servers.Postgres.CreateDatabaseAsync(),
            ["ConnectionStrings:Redis"] = servers.Redis.ConnectionString,
            ["ChatCommerce:Redis:KeyPrefix"] = "cc-" + Guid.NewGuid().ToString("N")[..6] + ":",
            ["ChatCommerce:Console:Owner:Email"] = Console.ConsoleAccessTests.OwnerEmail,
            ["ChatCommerce:Console:Owner:Password"] = Console.ConsoleAccessTests.OwnerPassword,
            // Events are put back in order within the reorder window: the ordering test posts to
            // both instances at once, and under the whole suite's load one instance's intake can
            // commit more than the default 150 ms after the other's (seen in CI).
            ["ChatCommerce:Pipeline:ReorderWindow"] = "00:00:01",
        };
        _first = await TestHost.StartAsync(_fakes, settings);
        _second = await TestHost.StartAsync(_fakes, settings);
    }

    public async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await _first.DisposeAsync();
        await _fakes.DisposeAsync();
    }

    [Fact]
    public async Task UsesPostgresAndRedisAndAnswersTheShopper()
    {
        Assert.IsType<ChatCommerce.Infrastructure.Data.SqlStateStore>(_first.Services.GetRequiredService<IConversationStateStore>());
        Assert.IsType<RedisLockProvider>(_first.Services.GetRequiredService<IDistributedLockProvider>());
        Assert.Equal("Npgsql.EntityFrameworkCore.PostgreSQL", await _first.QueryAsync(db => Task.FromResult(db.Database.ProviderName)));
        // Statements the hot path repeats are prepared on the server (not set in the test's connection string).
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(await _first.QueryAsync(db => Task.FromResult(db.Database.GetConnectionString()!)));
        Assert.Equal(100, connection.MaxAutoPrepare);
        Assert.Equal(2, connection.AutoPrepareMinUsages);
        Assert.Equal(HttpStatusCode.OK, (await _first.Http.GetAsync("/health")).StatusCode);

        _fakes.Line.AddUser(User, "สมชาย", "th");
        await _fakes.Line.DeliverAsync(_fakes.Line.TextEvent(User, "สวัสดีครับ"));
        var sent = await Eventually.ValueAsync(() => _fakes.Line.SentTo(User), s => s.Count == 1);
        Assert.Contains("สมชาย", (string)sent[0].Messages[0]!["text"]!);
        Assert.Equal(15, await _second.QueryAsync(db => db.Products.CountAsync()));
    }

    [Fact]
    public async Task StaffOnOneInstanceSeeLiveWhatATurnOnTheOtherChanged()
    {
        using var console = new Console.ConsoleClient(_first.BaseUrl);
        Assert.Equal(HttpStatusCode.Redirect, (await console.SignInAsync(Console.ConsoleAccessTests.OwnerEmail, Console.ConsoleAccessTests.OwnerPassword)).Status);
        var changed = new TaskCompletionSource<string[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(new Uri(_first.BaseUrl), "/console/hub"), o => o.Cookies = console.Cookies)
            .Build();
        hub.On<string[]>("changed", keys =>
        {
            if (keys.Contains("line:" + User))
            {
                changed.TrySetResult(keys);
            }
        });
        await hub.StartAsync();

        // The turn runs on the second instance; the console is connected to the first.
        var body = Encoding.UTF8.GetBytes(new JsonObject { ["destination"] = "U", ["events"] = new JsonArray(_fakes.Line.TextEvent(User, "สวัสดีครับ")) }.ToJsonString());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/line") { Content = new ByteArrayContent(body) };
        request.Headers.Add(LineSignature.Header, LineSignature.Compute(_fakes.Line.Options.ChannelSecret, body));
        Assert.Equal(HttpStatusCode.OK, (await _second.Http.SendAsync(request)).StatusCode);
        Assert.Contains("line:" + User, await changed.Task.WaitAsync(TimeSpan.FromSeconds(20)));

        // A stranger cannot listen in.
        await using var stranger = new HubConnectionBuilder().WithUrl(new Uri(new Uri(_first.BaseUrl), "/console/hub")).Build();
        await Assert.ThrowsAnyAsync<Exception>(() => stranger.StartAsync());
    }

    [Fact]
    public async Task TheSameEventDeliveredToTwoInstancesAtOnceIsAnsweredOnce()
    {
        var e = _fakes.Line.TextEvent(User, "hi");
        e["replyToken"] = "never-issued";
        var body = Encoding.UTF8.GetBytes(new JsonObject { ["destination"] = "U", ["events"] = new JsonArray(e) }.ToJsonString());
        var signature = LineSignature.Compute(_fakes.Line.Options.ChannelSecret, body);

        async Task<HttpStatusCode> PostAsync(TestHost host)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/line") { Content = new ByteArrayContent(body) };
            request.Headers.Add(LineSignature.Header, signature);
            using var response = await host.Http.SendAsync(request);
            return response.StatusCode;
        }

        var results = await Task.WhenAll(PostAsync(_first), PostAsync(_second), PostAsync(_first), PostAsync(_second));
        Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r));
        await Eventually.TrueAsync(() => _fakes.Line.SentTo(User).Count >= 1);
        await Eventually.QuietAsync();
        var push = Assert.Single(_fakes.Line.SentTo(User));
        Assert.Equal("push", push.Kind);
        Assert.Single(await _first.InboxAsync());
    }

    [Fact]
    public async Task TurnsOfOneConversationSpreadOverTwoInstancesStayInOrder()
    {
        // Messages the bot answers every time (six it did not understand would hand the chat to staff).
        string[] texts = ["สวัสดีค่ะ", "ขอดูสินค้าหน่อยค่ะ", "hello", "what do you sell?", "ขอดูเสื้อผ้าหน่อยค่ะ", "ขอบคุณค่ะ"];
        var events = texts.Select((text, i) => _fakes.Line.TextEvent(User, text, DateTimeOffset.UtcNow.AddMilliseconds(i * 10))).ToList();
        var hosts = new[] { _first, _second };
        await Task.WhenAll(events.Select((e, i) => PostSignedAsync(hosts[i % 2], e)));
        var sent = await Eventually.ValueAsync(() => _fakes.Line.SentTo(User), s => s.Count == events.Count, TimeSpan.FromSeconds(30));
        Assert.Equal(events.Select(e => (string)e["webhookEventId"]!), sent.Select(s => s.EventId!));
    }

    [Fact]
    public async Task AWholeCheckoutSentAtOnceCommitsTheTurnsBeforeTheOrderFirstAndPlacesItOnce() =>
        await Pipeline.CheckoutAtOnce.RunAsync(_fakes, _first, "U00000000000000000000000000000c4");

    private async Task PostSignedAsync(TestHost host, JsonObject e)
    {
        // Delivered by the fake (it issues the reply token), to the chosen instance. A delivery not
        // acknowledged within LINE's time limit is delivered again, as LINE does with redelivery on
        // (a fresh host's first request can be slow on a loaded machine); the event id is the same,
        // so a delivery that was stored after all is not stored twice.
        var attempt = await _fakes.Line.DeliverWithRedeliveryAsync(host.BaseUrl + "/webhooks/line", [e]);
        Assert.True(attempt.Succeeded, attempt.Body);
    }
}
