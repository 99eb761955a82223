namespace ChatCommerce.FakePlatforms.Messenger;

public sealed class FakeMessengerOptions
{
    public string AppSecret { get; set; } = "fake-messenger-app-secret";

    public string PageAccessToken { get; set; } = "fake-page-access-token";

    public string VerifyToken { get; set; } = "fake-verify-token";

    /// <summary>Where webhooks are delivered (the bot's /webhooks/messenger).</summary>
    public string WebhookUrl { get; set; } = "";

    public string PageId { get; set; } = "100000000000001";

    /// <summary>Our app's id; the thread owner unless control was passed elsewhere.</summary>
    public string AppId { get; set; } = "200000000000002";

    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Echo every message sent back to the webhook (the page subscribed to message_echoes), metadata included.</summary>
    public bool EchoSends { get; set; }
}
