using System.Security.Cryptography;
using ChatCommerce.Channels.Line;
using ChatCommerce.Channels.Messenger;
using ChatCommerce.Domain.Shop;
using ChatCommerce.FakePlatforms.Line;
using ChatCommerce.FakePlatforms.Messenger;

namespace ChatCommerce.Simulator;

/// <summary>
/// The simulator host's part: the fake LINE and Messenger platforms mounted beside the product,
/// with secrets made up at start, so a newcomer can chat without any credentials and every
/// message still goes through the signed webhook path. The product host (ChatCommerce.Web) does
/// not reference the fakes at all. This host refuses to start when a real channel is configured,
/// and answers only requests from this machine (<see cref="LoopbackOnly"/>).
/// </summary>
public static class SimulatorServices
{
    public const string LinePrefix = "/_fake/line";
    public const string MessengerPrefix = "/_fake/messenger";

    /// <summary>
    /// Product pictures in simulator mode: platforms show only HTTPS pictures, so without a public
    /// HTTPS address the bot links them under this reserved, never-resolving name (RFC 2606), and
    /// the simulator page shows them from this host's own <c>/media</c>.
    /// </summary>
    public const string PictureBase = "https://simulator.invalid";

    public static IServiceCollection AddSimulator(this IServiceCollection services, IConfiguration configuration)
    {
        if (!string.IsNullOrEmpty(configuration[LineOptions.Section + ":ChannelSecret"])
            || !string.IsNullOrEmpty(configuration[MessengerOptions.Section + ":AppSecret"]))
        {
            // A host that serves a real channel serves real shoppers: no fake platform beside them.
            throw new InvalidOperationException(
                "The simulator does not run beside a real channel: a LINE or Messenger secret is configured. Run ChatCommerce.Web for real channels.");
        }

        var self = SelfBaseUrl(configuration);
        var line = new FakeLinePlatform(new FakeLineOptions
        {
            ChannelSecret = Secret(),
            ChannelAccessToken = Secret(),
            WebhookUrl = self + "/webhooks/line",
        });
        services.PostConfigure<LineOptions>(o =>
        {
            o.ChannelSecret = line.Options.ChannelSecret;
            o.ChannelAccessToken = line.Options.ChannelAccessToken;
            o.ApiBaseUrl = self + LinePrefix;
            o.DataApiBaseUrl = self + LinePrefix;
        });

        var messenger = new FakeMessengerPlatform(new FakeMessengerOptions
        {
            AppSecret = Secret(),
            PageAccessToken = Secret(),
            VerifyToken = Secret(),
            WebhookUrl = self + "/webhooks/messenger",
        });
        services.PostConfigure<MessengerOptions>(o =>
        {
            o.AppSecret = messenger.Options.AppSecret;
            o.PageAccessToken = messenger.Options.PageAccessToken;
            o.VerifyToken = messenger.Options.VerifyToken;
            o.GraphApiBaseUrl = self + MessengerPrefix + "/v25.0";
        });

        services.PostConfigure<ShopOptions>(o =>
        {
            if (string.IsNullOrWhiteSpace(o.PublicBaseUrl))
            {
                o.PublicBaseUrl = PictureBase;
            }
        });
        services.AddSingleton(new SimulatorPlatforms(line, messenger));
        return services;
    }

    /// <summary>
    /// Where this host listens, for the fakes to deliver webhooks to and the clients to call:
    /// <c>ChatCommerce:Simulator:SelfBaseUrl</c>, else the first of <c>urls</c>, else localhost:5000.
    /// </summary>
    public static string SelfBaseUrl(IConfiguration configuration)
    {
        var configured = configuration["ChatCommerce:Simulator:SelfBaseUrl"];
        var url = !string.IsNullOrWhiteSpace(configured) ? configured
            : (configuration["urls"] ?? configuration["ASPNETCORE_URLS"] ?? "http://localhost:5000").Split(';', StringSplitOptions.RemoveEmptyEntries)[0];
        url = url.Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal);
        return url.TrimEnd('/');
    }

    private static string Secret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
