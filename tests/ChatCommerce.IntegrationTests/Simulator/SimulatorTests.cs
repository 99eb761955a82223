using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatCommerce.IntegrationTests.Support;
using ChatCommerce.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace ChatCommerce.IntegrationTests.Simulator;

/// <summary>The first-run experience: no credentials, the simulator mounted, the demo shop seeded.</summary>
public sealed class SimulatorTests : IAsyncLifetime
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "cc-sim-" + Guid.NewGuid().ToString("N")[..8]);
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var url = $"http://127.0.0.1:{ChatCommerce.Testing.FreePort.Next()}";
        _app = global::ChatCommerce.Simulator.SimulatorApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["urls"] = url,
                ["ChatCommerce:DataDirectory"] = _dataDir,
                ["ChatCommerce:Language:ModelDirectory"] = Path.Combine(Path.GetTempPath(), "cc-models-tests"),
                // As every test host: compiling the whole product at start is for real hosts (and makes /health wait).
                ["ChatCommerce:Runtime:CompileAtStart"] = "false",
            });
            builder.Logging.ClearProviders();
        });
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(url) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    public async Task HealthPageAndImagesAreServed()
    {
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/health")).StatusCode);
        var page = await _http.GetStringAsync("/simulator");
        Assert.Contains("แชทจำลอง", page);
        var image = await _http.GetAsync("/media/products/TS-BLK.png");
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], (await image.Content.ReadAsByteArrayAsync())[..4]);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/media/products/..%2Fsecret.png")).StatusCode);
        // Only products of the catalog have pictures: a made-up name is not drawn (nor kept).
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/media/products/NO-SUCH-SKU.png")).StatusCode);
    }

    [Fact]
    public async Task PagesComeWithAContentSecurityPolicyThatAllowsOnlyTheirOwnScript()
    {
        var response = await _http.GetAsync("/simulator");
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.DoesNotContain("unsafe-inline", policy);
        var page = await response.Content.ReadAsStringAsync();
        var script = System.Text.RegularExpressions.Regex.Match(page, "<script>(.*?)</script>", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;
        var hash = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(script)));
        Assert.Contains($"script-src 'sha256-{hash}'", policy);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());

        var health = await _http.GetAsync("/health");
        Assert.Equal("nosniff", health.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", health.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public void DrawnPicturesAreKeptWithinABoundedSize()
    {
        var one = ChatCommerce.Infrastructure.Demo.ProductImage.Png("A").Length;
        using var pictures = new ChatCommerce.Web.Media.ProductPictures(maxBytes: one * 3 + one / 2);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal([0x89, 0x50, 0x4E, 0x47], pictures.Get("SKU-" + i)[..4]);
            Assert.InRange(pictures.Count, 1, 3);
        }
    }

    [Theory]
    [InlineData("line", "Uabc123")]
    [InlineData("messenger", "7001234")]
    public async Task ANewcomerCanChatOnBothChannelsWithoutCredentials(string channel, string user)
    {
        var sent = await _http.PostAsJsonAsync("/simulator/api/send", new { channel, userId = user, text = "สวัสดีค่ะ", displayName = "ทดลอง" });
        sent.EnsureSuccessStatusCode();
        Assert.Equal(200, (int)(await sent.Content.ReadFromJsonAsync<JsonObject>())!["status"]!);

        var first = await Eventually.ValueAsync(() => Messages(channel, user, 0), m => m.Count >= 1);
        Assert.Contains("ยินดีต้อนรับ", first[0]!["message"]!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));

        await _http.PostAsJsonAsync("/simulator/api/send", new { channel, userId = user, text = "ดูสินค้า", payload = "menu:products", isButton = false });
        var second = await Eventually.ValueAsync(() => Messages(channel, user, 1), m => m.Count >= 1);
        var json = second[0]!["message"]!.ToJsonString();
        Assert.True(json.Contains("\"flex\"") || json.Contains("\"generic\""), json);

        // Product cards carry pictures even without a public HTTPS address: linked under the
        // simulator's reserved name, which the page maps to this host's /media.
        var picture = System.Text.RegularExpressions.Regex.Match(json, "https://simulator\\.invalid(/media/products/[A-Za-z0-9-]+\\.png)");
        Assert.True(picture.Success, json);
        var image = await _http.GetAsync(picture.Groups[1].Value);
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        Assert.Contains("const pictureBase = 'https://simulator.invalid/'", await _http.GetStringAsync("/simulator"));
    }

    /// <summary>The reply language follows what the customer writes (and the simulator's language reaches the profile).</summary>
    [Theory]
    [InlineData("messenger", "7005555", "en")]
    [InlineData("line", "Ulang1", "th")]
    public async Task RepliesAreInTheLanguageTheCustomerWrites(string channel, string user, string profileLanguage)
    {
        var seen = 0;
        async Task<string> SayAsync(string text)
        {
            await _http.PostAsJsonAsync("/simulator/api/send", new { channel, userId = user, text, displayName = "Sam Lee", language = profileLanguage });
            await Eventually.ValueAsync(() => Messages(channel, user, seen), m => m.Count >= 1);
            await Eventually.QuietAsync();
            var fresh = Messages(channel, user, seen);
            seen += fresh.Count;
            // The first words of the answer: a text message's, or a card's.
            var texts = fresh.SelectMany(m => m?["message"] is { } message ? Texts(message) : []).ToList();
            Assert.True(texts.Count > 0, fresh.ToJsonString());
            return texts[0];
        }

        static bool IsThai(string text) => text.Any(c => c is >= '\u0E01' and <= '\u0E5B');

        foreach (var (text, thai) in new[] { ("hi", false), ("do you have tote bags?", false), ("มีเสื้อยืดไหมคะ", true), ("the shirt I got was torn, I am very upset", false) })
        {
            var answer = await SayAsync(text);
            Assert.True(IsThai(answer) == thai, $"{text} -> {answer}");
        }
    }

    private static IEnumerable<string> Texts(JsonNode node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key is "text" or "title" && p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? [s] : p.Value is null ? [] : Texts(p.Value)),
        JsonArray a => a.SelectMany(n => n is null ? [] : Texts(n)),
        _ => [],
    };

    [Fact]
    public async Task ANewcomerCanPayByCardOnTheStandInPageAndBySlipWithoutAnyAccount()
    {
        const string user = "Upay1";
        var seen = 0;
        async Task<string> Say(object input)
        {
            var sent = await _http.PostAsJsonAsync("/simulator/api/send", input);
            Assert.Equal(200, (int)(await sent.Content.ReadFromJsonAsync<JsonObject>())!["status"]!);
            var fresh = await Eventually.ValueAsync(() => Messages("line", user, seen), m => m.Count >= 1);
            await Eventually.QuietAsync();
            fresh = Messages("line", user, seen);
            seen += fresh.Count;
            return fresh.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        }

        async Task<string> Checkout(string method, bool first)
        {
            await Say(new { channel = "line", userId = user, text = "cf sn1 2" });
            await Say(new { channel = "line", userId = user, payload = "checkout:start" });
            if (first)
            {
                await Say(new { channel = "line", userId = user, text = "ทดลอง ใจดี" });
                await Say(new { channel = "line", userId = user, text = "0812345678" });
                await Say(new { channel = "line", userId = user, text = "99/1 ถนนสุขุมวิท แขวงคลองเตย เขตคลองเตย กรุงเทพฯ 10110" });
            }
            else
            {
                await Say(new { channel = "line", userId = user, payload = "checkout:reuse" });
            }

            await Say(new { channel = "line", userId = user, payload = "ship:standard" });
            var summary = await Say(new { channel = "line", userId = user, payload = "pay:" + method });
            var confirm = System.Text.RegularExpressions.Regex.Match(summary, "checkout:confirm:[0-9a-f]+").Value;
            Assert.True(confirm.Length > 0, summary);
            return await Say(new { channel = "line", userId = user, payload = confirm });
        }

        // Card: the link opens this host's stand-in for Stripe's page; paying there makes the fake
        // Stripe send its signed event to the product, which answers in chat with a receipt.
        var placed = await Checkout("card", first: true);
        var link = System.Text.RegularExpressions.Regex.Match(placed, "\"uri\":\"https://simulator\\.invalid(/pay/card/[0-9a-f]+)\"");
        Assert.True(link.Success, placed);
        var page = await _http.GetAsync(link.Groups[1].Value);
        Assert.Matches("/simulator/pay/cs_test_\\w+$", page.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("ชำระเงิน / Pay ฿280", await page.Content.ReadAsStringAsync());
        var paid = await _http.PostAsync(page.RequestMessage.RequestUri, null);
        Assert.Contains("Paid ฿280", await paid.Content.ReadAsStringAsync());
        var receipt = await Eventually.ValueAsync(() => Messages("line", user, seen), m => m.Count >= 2);
        seen += receipt.Count;
        Assert.Contains("\"flex\"", receipt.ToJsonString());
        Assert.Contains("ได้รับชำระเงิน", receipt.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));

        // PromptPay with the demo id, then a slip picture from the page's 📎 button.
        var promptPay = await Checkout("promptpay", first: false);
        Assert.Contains("https://simulator.invalid/pay/qr/", promptPay);
        var qr = System.Text.RegularExpressions.Regex.Match(promptPay, "https://simulator\\.invalid(/pay/qr/[0-9a-f]+\\.png)").Groups[1].Value;
        Assert.Equal("image/png", (await _http.GetAsync(qr)).Content.Headers.ContentType?.MediaType);
        var slip = await Say(new { channel = "line", userId = user, slip = "amount=280 ref=SIM1" });
        Assert.Contains("ได้รับสลิป", slip);
    }

    [Fact]
    public async Task BadSimulatorInputIsAClearError()
    {
        var response = await _http.PostAsJsonAsync("/simulator/api/send", new { channel = "line", userId = "../../etc", text = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        response = await _http.PostAsJsonAsync("/simulator/api/send", new { channel = "fax", userId = "U1", text = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private JsonArray Messages(string channel, string user, int after) =>
        _http.GetFromJsonAsync<JsonObject>($"/simulator/api/messages?channel={channel}&userId={user}&after={after}").Result!["messages"]!.AsArray();
}

/// <summary>The simulator is never reachable where it could touch real shoppers.</summary>
public sealed class SimulatorExposureTests
{
    [Fact]
    public async Task TheProductHostHasNoSimulatorAndNoFakePlatforms()
    {
        Assert.DoesNotContain(typeof(ChatCommerceApp).Assembly.GetReferencedAssemblies(), a => a.Name == "ChatCommerce.FakePlatforms");
        await using var host = await StartAsync([]);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("/simulator")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.PostAsJsonAsync("/simulator/api/send", new { channel = "line", userId = "U1", text = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("/simulator/api/messages?channel=messenger&userId=7001")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.PostAsync("/_fake/line/v2/bot/message/push", new StringContent("{}"))).StatusCode);
        // With no channel configured the webhooks refuse everything rather than trust an empty secret.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await host.Http.PostAsync("/webhooks/line", new StringContent("{\"events\":[]}"))).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await host.Http.PostAsync("/webhooks/messenger", new StringContent("{}"))).StatusCode);
    }

    [Theory]
    [InlineData("ChatCommerce:Line:ChannelSecret")]
    [InlineData("ChatCommerce:Messenger:AppSecret")]
    public void TheSimulatorRefusesToRunBesideARealChannel(string secret)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => global::ChatCommerce.Simulator.SimulatorApp.Build([], builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [secret] = "a-real-looking-secret" })));
        Assert.Contains("real channel", refused.Message);
    }

    [Theory]
    [InlineData("203.0.113.9", "/simulator/api/messages", false)]
    [InlineData("192.168.1.20", "/simulator", false)]
    [InlineData("2001:db8::1", "/_fake/line/v2/bot/message/push", false)]
    [InlineData("203.0.113.9", "/_fake/messenger/v25.0/me/messages", false)]
    [InlineData("127.0.0.1", "/simulator/api/send", true)]
    [InlineData("::1", "/simulator", true)]
    [InlineData("::ffff:127.0.0.1", "/_fake/line/v2/bot/message/reply", true)]
    [InlineData("203.0.113.9", "/webhooks/line", true)]
    [InlineData("203.0.113.9", "/simulatorx", true)]
    [InlineData("127.0.0.1", "/simulator/api/messages", false, "X-Forwarded-For")]
    [InlineData("::1", "/simulator", false, "Forwarded")]
    public async Task OnlyThisMachineReachesIt(string remote, string path, bool passes, string? relayHeader = null)
    {
        var reached = false;
        var guard = new global::ChatCommerce.Simulator.LoopbackOnly(_ =>
        {
            reached = true;
            return Task.CompletedTask;
        });
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        http.Request.Path = path;
        if (relayHeader is not null)
        {
            http.Request.Headers[relayHeader] = "for=203.0.113.9";
        }

        await guard.InvokeAsync(http);
        Assert.Equal(passes, reached);
        Assert.Equal(passes ? 200 : 404, http.Response.StatusCode);
    }

    private static async Task<Host> StartAsync(Dictionary<string, string?> settings)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "cc-sim-" + Guid.NewGuid().ToString("N")[..8]);
        var url = $"http://127.0.0.1:{ChatCommerce.Testing.FreePort.Next()}";
        var app = ChatCommerceApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["urls"] = url,
                ["ChatCommerce:DataDirectory"] = dataDir,
                ["ChatCommerce:Language:ModelDirectory"] = Path.Combine(Path.GetTempPath(), "cc-models-tests"),
                // As every test host: compiling the whole product at start is for real hosts (and makes /health wait).
                ["ChatCommerce:Runtime:CompileAtStart"] = "false",
            });
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders();
        });
        await app.StartAsync();
        return new Host(app, new HttpClient { BaseAddress = new Uri(url) }, dataDir);
    }

    private sealed record Host(WebApplication App, HttpClient Http, string DataDir) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await App.StopAsync();
            await App.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(DataDir, recursive: true);
        }
    }
}
