using System.Text.RegularExpressions;

namespace ChatCommerce.Language.Text;

/// <summary>
/// What of a shopper's message may leave for a cloud analyser: phone numbers, e-mail addresses,
/// platform ids and long numbers (citizen ids, accounts, postcodes, tracking numbers) are
/// replaced by placeholders. (A message that reads like a postal address does not leave at all:
/// <see cref="Entities.EntityExtractor.LooksLikeAddress"/>.)
/// </summary>
public static partial class PersonalData
{
    /// <summary>The text with personal data replaced by <c>[phone]</c>, <c>[email]</c>, <c>[id]</c> and <c>[number]</c>.</summary>
    public static string Mask(string text)
    {
        var masked = Email().Replace(text, "[email]");
        masked = PlatformId().Replace(masked, "[id]");
        masked = Phone().Replace(masked, "[phone]");
        return LongNumber().Replace(masked, "[number]");
    }

    [GeneratedRegex(@"[\w.+-]+@[\w-]+(\.[\w-]+)+")]
    private static partial Regex Email();

    // LINE user, group and room ids; Messenger page-scoped ids are long numbers (below).
    [GeneratedRegex(@"\b[UCR][0-9a-f]{32}\b")]
    private static partial Regex PlatformId();

    // Thai numbers, local or international, with spaces, dots or dashes between the digits (Thai digits too).
    [GeneratedRegex(@"(?<![\w-])(\+?\s?66|0|๐)[\s.-]?[0-9๐-๙]([\s.-]?[0-9๐-๙]){7,8}(?![-.]?[0-9๐-๙])")]
    private static partial Regex Phone();

    [GeneratedRegex(@"[0-9๐-๙][0-9๐-๙\s-]{3,}[0-9๐-๙]")]
    private static partial Regex LongNumber();
}
