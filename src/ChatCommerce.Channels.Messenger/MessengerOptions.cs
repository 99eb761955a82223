namespace ChatCommerce.Channels.Messenger;

/// <summary>Configuration section <c>ChatCommerce:Messenger</c>.</summary>
public sealed class MessengerOptions
{
    public const string Section = "ChatCommerce:Messenger";

    public string AppSecret { get; set; } = "";

    public string PageAccessToken { get; set; } = "";

    public string VerifyToken { get; set; } = "";

    public string GraphApiBaseUrl { get; set; } = "https://graph.facebook.com/v25.0";
}
