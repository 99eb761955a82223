using System.Security.Cryptography;
using ChatCommerce.Channels.Line;
using ChatCommerce.Channels.Messenger;
using ChatCommerce.FakePlatforms.Line;
using ChatCommerce.FakePlatforms.Messenger;

namespace ChatCommerce.Web.Simulator;

/// <summary>
/// Simulator mode: a channel with no secret configured is served by a fake platform mounted in
/// this host, with secrets made up at start, so a newcomer can chat without any credentials and
/// every message still goes through the signed webhook path.
/// </summary>
public static class SimulatorServices
{
    public const string LinePrefix = "/_fake/line";
    public const string MessengerPrefix = "/_fake/messenger";

    public static IServiceCollection AddSimulator(this IServiceCollection services, IConfiguration configuration)
    {
        var simulateLine = string.IsNullOrEmpty(configuration[LineOptions.Section + ":ChannelSecret"]);
        var simulateMessenger = string.IsNullOrEmpty(configuration[MessengerOptions.Section + ":AppSecret"]);
        if (!configuration.GetValue("ChatCommerce:Simulator:Enabled", true) || (!simulateLine && !simulateMessenger))
        {
            return services;
        }

        var self = SelfBaseUrl(configuration);
        FakeLinePlatform? line = null;
        FakeMessengerPlatform? messenger = null;
        if (simulateLine)
        {
            line = new FakeLinePlatform(new FakeLineOptions
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
        }

        if (simulateMessenger)
        {
            messenger = new FakeMessengerPlatform(new FakeMessengerOptions
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
        }

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
