using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ChatCommerce.Channels.Common;

/// <summary>
/// Reading a webhook's values without trusting their types: a number where a string belongs, a
/// string where a number belongs, or a string with a lone UTF-16 surrogate escaped in it, reads
/// as absent or repaired, never as an exception.
/// </summary>
public static partial class JsonValues
{
    /// <summary>The string property <paramref name="name"/>, or null when it is missing or not a string.</summary>
    public static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? Text(value) : null;

    /// <summary>The string, with a broken surrogate escape replaced by U+FFFD; null when it is not a string.</summary>
    public static string? Text(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            var repaired = SurrogateEscape().Replace(value.GetRawText(), "\\uFFFD");
            using var document = JsonDocument.Parse(repaired);
            return document.RootElement.GetString();
        }
    }

    /// <summary>The whole-number property <paramref name="name"/>, or <paramref name="otherwise"/>.</summary>
    public static long Int64(JsonElement element, string name, long otherwise = 0) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : otherwise;

    /// <summary>The number property <paramref name="name"/>, or 0 (finite values only).</summary>
    public static double Double(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number) ? number : 0;

    /// <summary>The value as text: a string as itself, anything else as its JSON.</summary>
    public static string Raw(JsonElement value) => Text(value) ?? value.GetRawText();

    [GeneratedRegex(@"\\u[dD][89abcdefABCDEF][0-9a-fA-F]{2}")]
    private static partial Regex SurrogateEscape();
}
