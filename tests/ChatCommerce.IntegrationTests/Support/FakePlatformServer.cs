using ChatCommerce.FakePlatforms.Line;
using ChatCommerce.FakePlatforms.Messenger;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatCommerce.IntegrationTests.Support;

/// <summary>The fake LINE and Messenger platforms served on their own loopback port.</summary>
public sealed class FakePlatformServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakePlatformServer(WebApplication app, FakeLinePlatform line, FakeMessengerPlatform messenger, string baseUrl)
    {
        _app = app;
        Line = line;
        Messenger = messenger;
        BaseUrl = baseUrl;
    }

    public FakeLinePlatform Line { get; }

    public FakeMessengerPlatform Messenger { get; }

    public string BaseUrl { get; }

    public string LineApiBaseUrl => BaseUrl + "/line";

    public string GraphApiBaseUrl => BaseUrl + "/graph/v25.0";

    public static async Task<FakePlatformServer> StartAsync(TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var line = new FakeLinePlatform(new FakeLineOptions { ChannelSecret = "line-secret-" + Guid.NewGuid().ToString("N")[..8] }, time);
        var messenger = new FakeMessengerPlatform(new FakeMessengerOptions { AppSecret = "app-secret-" + Guid.NewGuid().ToString("N")[..8] }, time);
        app.MapFakeLine(line, "/line");
        app.MapFakeMessenger(messenger, "/graph");
        await app.StartAsync();
        return new FakePlatformServer(app, line, messenger, app.Urls.First().TrimEnd('/'));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
