namespace ChatCommerce.Language.Text;

/// <summary>
/// The clauses of a chat message: Thai writes a space where a clause ends, English a comma, a
/// full stop or a joining word ("but", "so"). Customers put the context first and the request
/// last: "เมื่อวานสั่งไปสองชิ้น วันนี้เปลี่ยนใจ ไม่เอาแล้ว", "i love the tee but can i return it".
/// </summary>
public static class Clauses
{
    private static readonly string[] Joins = ["but", "so", "then", "and then", "anyway", "btw", "แต่", "แต่ว่า", "ก็เลย", "เลยอยาก", "ตอนนี้", "วันนี้"];

    private static readonly HashSet<string> Fillers = new(StringComparer.Ordinal)
    {
        "เลย", "ด้วย", "หน่อย", "ทีนะ", "นะคะ", "นะครับ", "จ้าา", "ค่าา", "please", "thanks", "okay", "okey", "haha", "ครับผม", "555", "5555", "55555",
    };

    /// <summary>Splits the message into its clauses (punctuation, and spaces between Thai words), in order.</summary>
    public static IReadOnlyList<string> Split(string text)
    {
        var normalized = TextNormalizer.ForClassification(text);
        var clauses = new List<string>();
        var start = 0;
        for (var i = 0; i <= normalized.Length; i++)
        {
            var end = i == normalized.Length;
            var c = end ? '.' : normalized[i];
            var thaiSpace = c == ' ' && i > 0 && IsThai(normalized[i - 1]) && i + 1 < normalized.Length && IsThai(normalized[i + 1]);
            if (end || c is '.' or ',' or '!' or '?' or ';' or '\n' || thaiSpace)
            {
                Add(clauses, normalized[start..i]);
                start = i + 1;
            }
        }

        // English (and mixed) clauses joined by a word: "i love it but the size is wrong".
        var split = new List<string>();
        foreach (var clause in clauses)
        {
            var words = clause.Split(' ');
            var from = 0;
            for (var w = 1; w < words.Length; w++)
            {
                if (Joins.Contains(words[w]))
                {
                    Add(split, string.Join(' ', words[from..w]));
                    from = w;
                }
            }

            Add(split, string.Join(' ', words[from..]));
        }

        return split;
    }

    /// <summary>The last clause when the message has more than one that says something; null otherwise.</summary>
    public static string? Last(string text)
    {
        var clauses = Split(text);
        return clauses.Count >= 2 ? clauses[^1] : null;
    }

    private static void Add(List<string> clauses, string clause)
    {
        clause = clause.Trim();
        // A clause of a few letters or a filler word ("เลย", "ok", "pls", an emoji) belongs to the one before it.
        if (clause.Count(char.IsLetterOrDigit) >= 4 && !Fillers.Contains(clause))
        {
            clauses.Add(clause);
        }
        else if (clause.Length > 0 && clauses.Count > 0)
        {
            clauses[^1] = clauses[^1] + " " + clause;
        }
    }

    private static bool IsThai(char c) => c is >= '\u0E01' and <= '\u0E5B';
}
