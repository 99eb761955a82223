namespace ChatCommerce.Web.Admin;

/// <summary>Configuration section <c>ChatCommerce:Admin</c>.</summary>
public sealed class AdminOptions
{
    public const string Section = "ChatCommerce:Admin";

    /// <summary>
    /// The bearer key of the owner API (<c>Authorization: Bearer …</c>). Empty: the API answers
    /// 503 and does nothing. At least 16 characters; keep it out of the repository (user secrets,
    /// environment variable <c>ChatCommerce__Admin__ApiKey</c>).
    /// </summary>
    public string ApiKey { get; set; } = "";
}
