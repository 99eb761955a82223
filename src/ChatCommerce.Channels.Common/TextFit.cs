using System.Globalization;
using System.Text;

namespace ChatCommerce.Channels.Common;

/// <summary>Makes text fit platform limits counted in UTF-16 code units, never cutting a character in two.</summary>
public static class TextFit
{
    private const string Ellipsis = "…";

    /// <summary>Cuts to at most <paramref name="max"/> UTF-16 units, ending with "…" when cut.</summary>
    public static string Truncate(string? text, int max)
    {
        text ??= "";
        if (text.Length <= max)
        {
            return text;
        }

        var keep = CutPoint(text, max - Ellipsis.Length);
        return text[..keep] + Ellipsis;
    }

    /// <summary>Splits into pieces of at most <paramref name="max"/> units, at a line break or space when one is near.</summary>
    public static IReadOnlyList<string> Split(string text, int max)
    {
        var pieces = new List<string>();
        var rest = text;
        while (rest.Length > max)
        {
            var cut = CutPoint(rest, max);
            var soft = rest.LastIndexOfAny(['\n', ' '], cut - 1, Math.Min(cut, max / 4));
            if (soft > 0)
            {
                cut = soft + 1;
            }

            pieces.Add(rest[..cut].TrimEnd());
            rest = rest[cut..].TrimStart('\n');
        }

        if (rest.Length > 0 || pieces.Count == 0)
        {
            pieces.Add(rest);
        }

        return pieces;
    }

    /// <summary>Text with control characters (other than line breaks and tabs) removed.</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!char.IsControl(c) || c is '\n' or '\t')
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>The largest index ≤ max that does not fall inside a text element (surrogate pair, combining mark).</summary>
    private static int CutPoint(string text, int max)
    {
        if (max <= 0)
        {
            return 0;
        }

        var last = 0;
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
        {
            var end = enumerator.ElementIndex + ((string)enumerator.Current).Length;
            if (end > max)
            {
                break;
            }

            last = end;
        }

        return last;
    }
}
