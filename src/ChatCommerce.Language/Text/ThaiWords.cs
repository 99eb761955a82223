using System.Globalization;
using System.Text;
using ICU4N.Text;

namespace ChatCommerce.Language.Text;

/// <summary>
/// Thai word breaking with ICU's dictionary break iterator (ICU4N): Thai is written without
/// spaces between words, so "มีส่วนลดสำหรับซื้อยกลังไหม" becomes "มี ส่วนลด สำหรับ ซื้อ ยก ลัง ไหม"
/// and word features mean words. Other text passes through unchanged. An iterator is not
/// thread-safe and costly to make: each thread keeps its own.
/// </summary>
public static class ThaiWords
{
    [ThreadStatic]
    private static BreakIterator? _iterator;

    /// <summary>The text with a space between Thai words (runs of Thai letters are broken, the rest is kept as it is).</summary>
    public static string Separate(string text)
    {
        if (!HasThai(text))
        {
            return text;
        }

        var iterator = _iterator ??= BreakIterator.GetWordInstance(new CultureInfo("th"));
        var builder = new StringBuilder(text.Length + (text.Length / 3));
        var i = 0;
        while (i < text.Length)
        {
            if (!IsThai(text[i]))
            {
                builder.Append(text[i++]);
                continue;
            }

            var end = i;
            while (end < text.Length && IsThai(text[end]))
            {
                end++;
            }

            var run = text[i..end];
            iterator.SetText(run);
            var start = iterator.First();
            for (var next = iterator.Next(); next != BreakIterator.Done; start = next, next = iterator.Next())
            {
                if (start > 0)
                {
                    builder.Append(' ');
                }

                builder.Append(run, start, next - start);
            }

            i = end;
        }

        return builder.ToString();
    }

    private static bool HasThai(string text)
    {
        foreach (var c in text)
        {
            if (IsThai(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsThai(char c) => c is >= '\u0E01' and <= '\u0E5B';
}
