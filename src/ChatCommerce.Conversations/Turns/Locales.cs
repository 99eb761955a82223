namespace ChatCommerce.Conversations.Turns;

/// <summary>The language a conversation starts in, and the one it follows as the customer writes.</summary>
public static class Locales
{
    /// <summary>English or Thai when the platform says the user speaks it, otherwise the shop's default.</summary>
    public static string Initial(string? platformLanguage, string shopDefault) =>
        platformLanguage is { } en && en.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en"
        : platformLanguage is { } th && th.StartsWith("th", StringComparison.OrdinalIgnoreCase) ? "th"
        : shopDefault;

    // Words that make a Latin-script message a sentence in English rather than a name, an address,
    // a product or a code. Loanwords Thai shoppers type in Latin letters inside Thai chats ("cf",
    // live selling's "confirm"; "size", "order", "cancel", "ok", "thx") are not among them.
    private static readonly HashSet<string> EnglishWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "i", "im", "i'm", "me", "my", "you", "your", "we", "our", "it", "its", "it's", "this", "that", "these", "those",
        "the", "a", "an", "is", "are", "was", "were", "am", "be", "been", "do", "does", "did", "don't", "dont", "didn't",
        "have", "has", "had", "can", "could", "would", "will", "should", "want", "need", "like", "please",
        "what", "how", "where", "when", "why", "which", "who", "hi", "hello", "hey", "thanks", "thank",
        "yes", "not", "and", "or", "but", "with", "for", "of", "to", "in", "on", "at", "from", "any", "some",
        "much", "many", "there", "here", "still", "just", "about", "very", "too",
    };

    /// <summary>
    /// The language to answer a typed message in. A Thai message (Thai letters and no English
    /// sentence) turns the conversation Thai; an English one (English words and no Thai letters)
    /// turns it English. Anything else keeps the current language: a Thai sentence with an English
    /// product name, a name or address in Latin letters, a code, a number, an emoji, "ok".
    /// </summary>
    public static string Follow(string current, string? text) => Written(text) ?? current;

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> EnglishWordSpans = EnglishWords.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// The language a typed message is written in, when it settles it: "th", "en", or null for a
    /// message that keeps the conversation's language (see <see cref="Follow"/>).
    /// </summary>
    public static string? Written(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var thai = 0;
        var english = 0;
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            if (c is >= '\u0E01' and <= '\u0E5B')
            {
                thai++;
            }

            if (char.IsAsciiLetter(c) || (c == '\'' && start >= 0))
            {
                if (start < 0)
                {
                    start = i;
                }

                continue;
            }

            if (start >= 0)
            {
                // A word glued to digits ("sn1", "m2") is a code, not English.
                if (!char.IsAsciiDigit(c) && (start == 0 || !char.IsAsciiDigit(text[start - 1])) && EnglishWordSpans.Contains(text.AsSpan(start, i - start)))
                {
                    english++;
                }

                start = -1;
            }
        }

        if (thai > 0 && english == 0)
        {
            return "th";
        }

        return thai == 0 && english > 0 ? "en" : null;
    }
}
