namespace ChatCommerce.Channels.Line;

/// <summary>Configuration section <c>ChatCommerce:Line</c>.</summary>
public sealed class LineOptions
{
    public const string Section = "ChatCommerce:Line";

    public string ChannelSecret { get; set; } = "";

    public string ChannelAccessToken { get; set; } = "";

    public string ApiBaseUrl { get; set; } = "https://api.line.me";

    public string DataApiBaseUrl { get; set; } = "https://api-data.line.me";

    /// <summary>A reply token is trusted for this long after we received it (LINE allows 1 minute).</summary>
    public TimeSpan ReplyTokenLifetime { get; set; } = TimeSpan.FromSeconds(50);

    /// <summary>Seconds of loading animation shown while a turn runs (5–60, step 5).</summary>
    public int LoadingSeconds { get; set; } = 5;
}
