using System.Text;
using ChatCommerce.Domain.Text;

namespace ChatCommerce.Language.Text;

/// <summary>
/// Puts chat text in one canonical form before it is classified: Thai digits become ASCII, Latin
/// letters lower case, zero-width and control characters go, a letter repeated three or more
/// times is cut to two ("มากกกก" → "มากก", "sooo" → "soo"), white space is folded.
/// </summary>
public static class TextNormalizer
{
    public const int MaxLength = 2000;

    /// <summary>Politeness particles that end Thai phrases; they say who speaks, not what they want.</summary>
    private static readonly string[] Particles =
        ["นะคะ", "นะครับ", "ครับผม", "ครับ", "คับ", "ค่ะ", "คะ", "ค่า", "คร่า", "จ้ะ", "จ้า", "จ๊ะ", "ฮะ", "นะ", "จ๊า"];

    /// <summary>
    /// <see cref="Normalize"/>, then polite particles at the end of each phrase removed and the
    /// spellings of "ไหม" unified: what a classifier should see.
    /// </summary>
    public static string ForClassification(string? text)
    {
        var normalized = Normalize(text)
            .Replace("มั้ย", "ไหม", StringComparison.Ordinal)
            .Replace("มั๊ย", "ไหม", StringComparison.Ordinal)
            .Replace("ป่ะ", "ไหม", StringComparison.Ordinal);
        var phrases = normalized.Split(' ');
        for (var i = 0; i < phrases.Length; i++)
        {
            var phrase = phrases[i];
            bool stripped;
            do
            {
                stripped = false;
                foreach (var particle in Particles)
                {
                    if (phrase.Length > particle.Length && phrase.EndsWith(particle, StringComparison.Ordinal))
                    {
                        phrase = phrase[..^particle.Length];
                        stripped = true;
                        break;
                    }
                }
            }
            while (stripped);
            phrases[i] = phrase;
        }

        return string.Join(' ', phrases.Where(p => p.Length > 0));
    }

    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var builder = new StringBuilder(Math.Min(text.Length, MaxLength));
        char previous = '\0';
        var run = 0;
        var space = false;
        foreach (var raw in text.AsSpan(0, Math.Min(text.Length, MaxLength)))
        {
            var c = raw switch
            {
                >= '๐' and <= '๙' => ThaiNumbers.ToAsciiDigit(raw),
                '\u200B' or '\u200C' or '\u200D' or '\uFEFF' => '\0',
                _ => char.ToLowerInvariant(raw),
            };
            if (c == '\0' || (char.IsControl(c) && !char.IsWhiteSpace(c)))
            {
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                previous = ' ';
                run = 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            run = c == previous ? run + 1 : 1;
            previous = c;
            if (run <= 2 || char.IsDigit(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
