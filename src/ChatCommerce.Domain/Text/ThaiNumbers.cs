using System.Globalization;

namespace ChatCommerce.Domain.Text;

/// <summary>
/// The Thai rules for digits, phone numbers and postcodes, in one place for the language models,
/// the entity extractor and the dialog prompts.
/// </summary>
public static class ThaiNumbers
{
    /// <summary>๐–๙ become 0–9; every other character is kept.</summary>
    public static char ToAsciiDigit(char c) => c is >= '๐' and <= '๙' ? (char)('0' + (c - '๐')) : c;

    public static string ToAsciiDigits(string text) =>
        string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = ToAsciiDigit(source[i]);
            }
        });

    /// <summary>
    /// The phone number written in <paramref name="text"/> (spaces, dashes, Thai digits and a +66
    /// prefix allowed) as 10 digits for a mobile (06, 08, 09) or 9 for a landline (02–07); null when
    /// the text is not a Thai phone number.
    /// </summary>
    public static string? Phone(string text)
    {
        var digits = new string(ToAsciiDigits(text).Where(char.IsAsciiDigit).ToArray());
        if (digits.StartsWith("66", StringComparison.Ordinal))
        {
            digits = "0" + digits[2..];
        }

        var valid = digits.Length switch
        {
            10 => digits[0] == '0' && digits[1] is '6' or '8' or '9',
            9 => digits[0] == '0' && digits[1] is >= '2' and <= '7',
            _ => false,
        };
        return valid ? digits : null;
    }

    /// <summary>Five digits whose first two are a Thai province code (10–96).</summary>
    public static bool IsPostcode(string value) =>
        value.Length == 5 && value.All(char.IsAsciiDigit) && int.Parse(value[..2], CultureInfo.InvariantCulture) is >= 10 and <= 96;
}
