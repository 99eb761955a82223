using System.Text.RegularExpressions;

namespace ChatCommerce.Language.Entities;

/// <summary>
/// Numbers written as words: Thai (หนึ่ง … เก้า, สิบ, ยี่สิบ, ร้อย, พัน, with เอ็ด) and English
/// (one … twenty, tens, hundred, "a dozen", "a couple", "a pair").
/// </summary>
public static partial class NumberWords
{
    private static readonly Dictionary<string, int> ThaiDigits = new(StringComparer.Ordinal)
    {
        ["ศูนย์"] = 0, ["หนึ่ง"] = 1, ["เอ็ด"] = 1, ["สอง"] = 2, ["ยี่"] = 2, ["สาม"] = 3, ["สี่"] = 4,
        ["ห้า"] = 5, ["หก"] = 6, ["เจ็ด"] = 7, ["แปด"] = 8, ["เก้า"] = 9,
    };

    private static readonly Dictionary<string, int> ThaiMultipliers = new(StringComparer.Ordinal)
    {
        ["สิบ"] = 10, ["ร้อย"] = 100, ["พัน"] = 1000,
    };

    /// <summary>Every Thai number word, longest first, so "สิบ" is not read as a prefix of a longer word.</summary>
    private static readonly string[] ThaiWords = [.. ThaiDigits.Keys.Concat(ThaiMultipliers.Keys).OrderByDescending(w => w.Length)];

    private static readonly Dictionary<string, int> English = new(StringComparer.OrdinalIgnoreCase)
    {
        ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7,
        ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["thirteen"] = 13,
        ["fourteen"] = 14, ["fifteen"] = 15, ["sixteen"] = 16, ["seventeen"] = 17, ["eighteen"] = 18,
        ["nineteen"] = 19, ["twenty"] = 20, ["thirty"] = 30, ["forty"] = 40, ["fifty"] = 50,
        ["a dozen"] = 12, ["dozen"] = 12, ["a couple of"] = 2, ["a couple"] = 2, ["a pair of"] = 2, ["a pair"] = 2,
        ["a"] = 1, ["an"] = 1, ["single"] = 1,
    };

    /// <summary>Thai number words at <paramref name="start"/>: the value and how many characters they take.</summary>
    public static (int Value, int Length)? ReadThai(string text, int start)
    {
        var position = start;
        var total = 0;
        var pending = -1;
        var any = false;
        while (position < text.Length)
        {
            var word = Array.Find(ThaiWords, w => text.AsSpan(position).StartsWith(w, StringComparison.Ordinal));
            if (word is null)
            {
                break;
            }

            if (ThaiDigits.TryGetValue(word, out var digit))
            {
                if (pending >= 0)
                {
                    break; // two digits in a row ("สองสาม") is not one number
                }

                pending = digit;
            }
            else
            {
                var multiplier = ThaiMultipliers[word];
                total += (pending < 0 ? 1 : pending) * multiplier;
                pending = -1;
            }

            position += word.Length;
            any = true;
        }

        if (!any)
        {
            return null;
        }

        total += pending < 0 ? 0 : pending;
        return total > 0 ? (total, position - start) : null;
    }

    /// <summary>English number words ("two", "twenty one", "a dozen") as a value, or null.</summary>
    public static int? ParseEnglish(string words)
    {
        var text = words.Trim().ToLowerInvariant();
        if (English.TryGetValue(text, out var value))
        {
            return value;
        }

        var parts = text.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 2 && English.TryGetValue(parts[0], out var tens) && tens >= 20 && tens % 10 == 0
            && English.TryGetValue(parts[1], out var units) && units is > 0 and < 10)
        {
            return tens + units;
        }

        return null;
    }

    [GeneratedRegex(@"\b(?:a couple of|a couple|a pair of|a pair|a dozen|dozen|(?:twenty|thirty|forty|fifty)(?:[ -](?:one|two|three|four|five|six|seven|eight|nine))?|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|one|two|three|four|five|six|seven|eight|nine|ten|single)\b", RegexOptions.IgnoreCase)]
    public static partial Regex EnglishPattern();
}
