namespace ChatCommerce.Domain.Text;

/// <summary>
/// How the bot addresses a shopper by name in Thai: "คุณ" before the name, unless the display
/// name already starts with a form of address (many Thai shoppers write "คุณสมใจ", "พี่โอ๋" or
/// "K.Ploy" themselves, and "คุณคุณสมใจ" reads as a mistake).
/// </summary>
public static class Honorifics
{
    private static readonly string[] Prefixes =
    [
        "คุณ", "ท่าน", "พี่", "น้อง", "ป้า", "ลุง", "น้า", "เจ๊", "เฮีย", "ดร.",
        "khun ", "khun.", "k.", "k ", "dr.", "mr.", "mrs.", "ms.", "miss ",
    ];

    /// <summary>The name as a Thai greeting addresses it.</summary>
    public static string ThaiAddress(string displayName)
    {
        var name = displayName.Trim();
        return Prefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase)) ? name : "คุณ" + name;
    }
}
