namespace ChatCommerce.Domain.Text;

/// <summary>
/// The polite endings Thai speakers put on short answers ("ได้ค่ะ", "เมนูหน่อยครับ"): taken off
/// so an answer can be compared with a fixed word.
/// </summary>
public static class PoliteEndings
{
    private static readonly string[] Endings = ["ค่ะ", "คะ", "ค่า", "ครับ", "คับ", "จ้า", "จ้ะ", "นะ", "หน่อย"];

    /// <summary>The text trimmed, with trailing punctuation and every polite ending at its end removed.</summary>
    public static string Trim(string? text) => Trim(text, []);

    /// <summary>The same, taking off <paramref name="moreEndings"/> too (question words, for instance) in any order with the polite ones.</summary>
    public static string Trim(string? text, IReadOnlyList<string> moreEndings)
    {
        var result = (text ?? "").Trim().TrimEnd('!', '.', ' ');
        bool stripped;
        do
        {
            stripped = StripOne(ref result, Endings) | StripOne(ref result, moreEndings);
        }
        while (stripped);
        return result;
    }

    private static bool StripOne(ref string text, IReadOnlyList<string> endings)
    {
        var stripped = false;
        foreach (var ending in endings)
        {
            if (text.Length > ending.Length && text.EndsWith(ending, StringComparison.Ordinal))
            {
                text = text[..^ending.Length].TrimEnd();
                stripped = true;
            }
        }

        return stripped;
    }
}
