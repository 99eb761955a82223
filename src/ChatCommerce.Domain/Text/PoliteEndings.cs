namespace ChatCommerce.Domain.Text;

/// <summary>
/// The polite endings Thai speakers put on short answers ("ได้ค่ะ", "เมนูหน่อยครับ"): taken off
/// so an answer can be compared with a fixed word.
/// </summary>
public static class PoliteEndings
{
    private static readonly string[] Endings = ["ค่ะ", "คะ", "ค่า", "ครับ", "คับ", "จ้า", "จ้ะ", "นะ", "หน่อย"];

    /// <summary>The text trimmed, with trailing punctuation and every polite ending at its end removed.</summary>
    public static string Trim(string? text)
    {
        var result = (text ?? "").Trim().TrimEnd('!', '.', ' ');
        bool stripped;
        do
        {
            stripped = false;
            foreach (var ending in Endings)
            {
                if (result.Length > ending.Length && result.EndsWith(ending, StringComparison.Ordinal))
                {
                    result = result[..^ending.Length].TrimEnd();
                    stripped = true;
                }
            }
        }
        while (stripped);
        return result;
    }
}
