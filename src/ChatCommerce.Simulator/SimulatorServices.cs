using System.Security.Cryptography;
using ChatCommerce.Channels.Line;
using ChatCommerce.Channels.Messenger;
using ChatCommerce.Domain.Payments;
using ChatCommerce.Domain.Shop;
using ChatCommerce.FakePlatforms.Line;
using ChatCommerce.FakePlatforms.Messenger;
using ChatCommerce.FakePlatforms.Payments;

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
    public const string StripePrefix = "/_fake/stripe";

    /// <summary>
    /// Product pictures in simulator mode: platforms show only HTTPS pictures, so without a public
    /// HTTPS address the bot links them under this reserved, never-resolving name (RFC 2606), and
    /// the simulator page shows them from this host's own <c>/media</c>.
    /// </summary>
    public const string PictureBase = "https://simulator.invalid";

    /// <summary>A PromptPay id of the reserved 0800000000 form: the demo QR pays no one.</summary>
    public const string DemoPromptPayId = "0800000000";

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
            o.AppId = messenger.Options.AppId;
            o.PageId = messenger.Options.PageId;
            o.GraphApiBaseUrl = self + MessengerPrefix + "/v25.0";
        });

        messenger.MediaBaseUrl = self + MessengerPrefix;
        services.PostConfigure<MessengerOptions>(o => o.AttachmentHosts.Add(self));

        services.PostConfigure<ShopOptions>(o =>
        {
            if (string.IsNullOrWhiteSpace(o.PublicBaseUrl))
            {
                o.PublicBaseUrl = PictureBase;
            }
        });

        // Payments to try without any account: a demo PromptPay id and bank account unless the
        // shop set its own, and card payments through a stand-in Stripe whose "payment page" is
        // served here (a real Stripe key is refused, like a real channel).
        if (!string.IsNullOrEmpty(configuration[PaymentOptions.Section + ":Stripe:SecretKey"]))
        {
            throw new InvalidOperationException("The simulator does not run with a real Stripe key configured. Run ChatCommerce.Web for real payments.");
        }

        var stripe = new FakeStripe("sk_test_" + Secret(), "whsec_" + Secret()) { WebhookUrl = self + "/webhooks/stripe", CheckoutPageBase = self + "/simulator/pay/" };
        services.PostConfigure<PaymentOptions>(o =>
        {
            if (string.IsNullOrWhiteSpace(o.PromptPayId))
            {
                o.PromptPayId = DemoPromptPayId;
            }

            if (!o.Transfer.IsSet)
            {
                o.Transfer = new TransferAccount { BankName = "ธนาคารทดลอง (Demo Bank)", AccountNumber = "000-0-00000-0", AccountName = "ร้านทดลอง ChatCommerce" };
            }

            o.Stripe.SecretKey = stripe.SecretKey;
            o.Stripe.WebhookSecret = stripe.WebhookSecret;
            o.Stripe.ApiBase = self + StripePrefix;
        });
        services.AddSingleton(new SimulatorPlatforms(line, messenger, stripe));
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
