namespace ChatCommerce.Channels.Messenger;

/// <summary>Configuration section <c>ChatCommerce:Messenger</c>.</summary>
public sealed class MessengerOptions
{
    public const string Section = "ChatCommerce:Messenger";

    public string AppSecret { get; set; } = "";

    public string PageAccessToken { get; set; } = "";

    public string VerifyToken { get; set; } = "";

    /// <summary>The Meta app's id: with the app secret it makes the app access token the data-deletion callback needs to find a user's page-scoped id.</summary>
    public string AppId { get; set; } = "";

    /// <summary>The Facebook Page's id (the page-scoped ids the bot knows are this page's).</summary>
    public string PageId { get; set; } = "";

    public string GraphApiBaseUrl { get; set; } = "https://graph.facebook.com/v25.0";

    /// <summary>
    /// Where attachment pictures may be fetched from: host names (HTTPS, subdomains included) or
    /// exact origins such as a local fake's <c>http://127.0.0.1:5000</c>.
    /// </summary>
    public List<string> AttachmentHosts { get; set; } = ["fbcdn.net", "fbsbx.com"];

    /// <summary>
    /// The app a conversation handed to staff is passed to (Meta's Page Inbox is
    /// <c>263902037430900</c>), so staff can also answer from Meta Business Suite; empty (the
    /// default): staff answer in this app's console and the thread stays here.
    /// </summary>
    public string HandoverAppId { get; set; } = "";
}
