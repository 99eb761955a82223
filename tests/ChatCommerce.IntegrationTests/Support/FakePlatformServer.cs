using ChatCommerce.FakePlatforms.Line;
using ChatCommerce.FakePlatforms.Messenger;
using ChatCommerce.FakePlatforms.Payments;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatCommerce.IntegrationTests.Support;

/// <summary>The fake LINE and Messenger platforms served on their own loopback port.</summary>
public sealed class FakePlatformServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakePlatformServer(WebApplication app, FakeLinePlatform line, FakeMessengerPlatform messenger, FakeStripe stripe, FakeSlipVerifier slips, string baseUrl)
    {
        _app = app;
        Line = line;
        Messenger = messenger;
        Stripe = stripe;
        SlipVerifier = slips;
        BaseUrl = baseUrl;
    }

    public FakeStripe Stripe { get; }

    public FakeSlipVerifier SlipVerifier { get; }

    public string StripeApiBase => BaseUrl + "/stripe";

    public string SlipVerifierUrl => BaseUrl + "/slips/verify";

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
        var stripe = new FakeStripe("sk_test_" + Guid.NewGuid().ToString("N")[..12], "whsec_" + Guid.NewGuid().ToString("N"), time);
        var slips = new FakeSlipVerifier("slip-key-" + Guid.NewGuid().ToString("N")[..8]);
        app.MapFakeLine(line, "/line");
        app.MapFakeMessenger(messenger, "/graph");
        app.MapFakeStripe(stripe, "/stripe");
        app.MapFakeSlipVerifier(slips, "/slips/verify");
        await app.StartAsync();
        var baseUrl = app.Urls.First().TrimEnd('/');
        messenger.MediaBaseUrl = baseUrl + "/graph";
        return new FakePlatformServer(app, line, messenger, stripe, slips, baseUrl);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
