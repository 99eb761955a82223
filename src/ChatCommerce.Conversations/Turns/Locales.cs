namespace ChatCommerce.Conversations.Turns;

/// <summary>The language a conversation starts in.</summary>
public static class Locales
{
    /// <summary>English or Thai when the platform says the user speaks it, otherwise the shop's default.</summary>
    public static string Initial(string? platformLanguage, string shopDefault) =>
        platformLanguage is { } en && en.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en"
        : platformLanguage is { } th && th.StartsWith("th", StringComparison.OrdinalIgnoreCase) ? "th"
        : shopDefault;
}
