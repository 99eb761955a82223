namespace ChatCommerce.Language.Sentiment;

/// <summary>
/// Configuration section <c>ChatCommerce:Language:Azure</c>. When <see cref="Endpoint"/> and
/// <see cref="Key"/> are set, sentiment comes from Azure AI Language (the local model stays as
/// the fallback when the service fails or does not support the language).
/// </summary>
public sealed class AzureLanguageOptions
{
    public const string Section = "ChatCommerce:Language:Azure";

    /// <summary>e.g. https://my-shop.cognitiveservices.azure.com</summary>
    public string Endpoint { get; set; } = "";

    public string Key { get; set; } = "";

    public string ApiVersion { get; set; } = "2023-04-01";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(3);

    public bool IsConfigured => Endpoint.Length > 0 && Key.Length > 0;
}
