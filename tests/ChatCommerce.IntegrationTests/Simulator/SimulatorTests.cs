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
        _app = ChatCommerceApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["urls"] = url,
                ["ChatCommerce:DataDirectory"] = _dataDir,
                ["ChatCommerce:Language:ModelDirectory"] = Path.Combine(Path.GetTempPath(), "cc-models-tests"),
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
