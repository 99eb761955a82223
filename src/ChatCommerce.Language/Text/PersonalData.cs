using System.Text.RegularExpressions;

namespace ChatCommerce.Language.Text;

/// <summary>
/// What of a shopper's message may leave for a cloud analyser: phone numbers, e-mail addresses,
/// platform ids and long numbers (citizen ids, accounts, postcodes, tracking numbers) are
/// replaced by placeholders, and a message that reads like a postal address does not leave at all.
/// </summary>
public static partial class PersonalData
{
    private static readonly string[] AddressMarkers =
    [
        "บ้านเลขที่", "เลขที่", "หมู่บ้าน", "หมู่ ", "ม.", "ซอย", "ซ.", "ถนน", "ถ.", "ตำบล", "ต.", "แขวง", "อำเภอ", "อ.", "เขต",
        "จังหวัด", "จ.", "กรุงเทพ", "คอนโด", "อาคาร", "ชั้น", "ห้อง",
        " road", " rd", " soi", " moo", " district", " province", " bangkok", "subdistrict", "building", "floor", "room ",
    ];

    /// <summary>The text with personal data replaced by <c>[phone]</c>, <c>[email]</c>, <c>[id]</c> and <c>[number]</c>.</summary>
    public static string Mask(string text)
    {
        var masked = Email().Replace(text, "[email]");
        masked = PlatformId().Replace(masked, "[id]");
        masked = Phone().Replace(masked, "[phone]");
        return LongNumber().Replace(masked, "[number]");
    }

    /// <summary>True for a message with two signs of a postal address, or one and a postcode.</summary>
    public static bool LooksLikeAddress(string text)
    {
        var lower = " " + text.ToLowerInvariant();
        var markers = AddressMarkers.Count(m => lower.Contains(m, StringComparison.Ordinal));
        return markers >= 2 || (markers >= 1 && Postcode().IsMatch(text));
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

    [GeneratedRegex(@"(?<![0-9])[1-9][0-9]{4}(?![0-9])")]
    private static partial Regex Postcode();
}
