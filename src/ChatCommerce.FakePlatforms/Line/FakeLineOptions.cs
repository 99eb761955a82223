namespace ChatCommerce.FakePlatforms.Line;

public sealed class FakeLineOptions
{
    public string ChannelSecret { get; set; } = "fake-line-channel-secret";

    public string ChannelAccessToken { get; set; } = "fake-line-access-token";

    /// <summary>Where webhooks are delivered (the bot's /webhooks/line).</summary>
    public string WebhookUrl { get; set; } = "";

    public string Destination { get; set; } = "Ufakebot0000000000000000000000000";

    public TimeSpan ReplyTokenLifetime { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan RedeliveredTokenCeiling { get; set; } = TimeSpan.FromMinutes(20);

    public TimeSpan RetryKeyMemory { get; set; } = TimeSpan.FromHours(24);

    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
