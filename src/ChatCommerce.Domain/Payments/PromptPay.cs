using System.Globalization;
using System.Text;

namespace ChatCommerce.Domain.Payments;

/// <summary>
/// The PromptPay QR payload: an EMVCo merchant-presented string (tag, two-digit length, value)
/// with the PromptPay credit-transfer template (tag 29) for a mobile number, a national or tax
/// id, or an e-wallet id, the amount when there is one (which makes the code single-purpose,
/// "dynamic"), Thai baht and Thailand, closed by a CRC-16/CCITT-FALSE over everything before it.
/// </summary>
public static class PromptPay
{
    /// <summary>The application id of PromptPay credit transfer.</summary>
    public const string CreditTransferAid = "A000000677010111";

    /// <summary>The largest amount the amount field holds (13 characters: 9,999,999,999.99 baht).</summary>
    public const long MaxAmountSatang = 999_999_999_999;

    /// <summary>The kind of PromptPay id, which is the sub-tag under tag 29.</summary>
    public enum IdKind
    {
        Mobile = 1,
        NationalOrTaxId = 2,
        EWallet = 3,
    }

    /// <summary>Reads an id as a shop types it (dashes and spaces allowed); false when it is none of the three kinds.</summary>
    public static bool TryParseId(string? id, out IdKind kind, out string value)
    {
        var digits = new string((id ?? "").Where(c => c is not (' ' or '-' or '.')).ToArray());
        kind = default;
        value = "";
        if (digits.StartsWith("+66", StringComparison.Ordinal))
        {
            digits = digits[1..];
        }

        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
        {
            return false;
        }

        switch (digits.Length)
        {
            case 10 when digits[0] == '0':
                // 08x-xxx-xxxx: the country code replaces the leading 0, padded to 13.
                (kind, value) = (IdKind.Mobile, "0066" + digits[1..]);
                return true;
            case 11 when digits.StartsWith("66", StringComparison.Ordinal):
                (kind, value) = (IdKind.Mobile, "00" + digits);
                return true;
            case 13:
                (kind, value) = (IdKind.NationalOrTaxId, digits);
                return true;
            case 15:
                (kind, value) = (IdKind.EWallet, digits);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The payload for <paramref name="promptPayId"/>, with the amount in satang when given.</summary>
    public static string Payload(string promptPayId, long? amountSatang)
    {
        if (!TryParseId(promptPayId, out var kind, out var id))
        {
            throw new ArgumentException("A PromptPay id is a mobile number (10 digits), a national or tax id (13) or an e-wallet id (15).", nameof(promptPayId));
        }

        if (amountSatang is < 1 or > MaxAmountSatang)
        {
            throw new ArgumentOutOfRangeException(nameof(amountSatang), "From 0.01 to 9,999,999,999.99 baht.");
        }

        var text = new StringBuilder(96);
        Field(text, "00", "01");
        Field(text, "01", amountSatang is null ? "11" : "12");
        Field(text, "29", Tlv("00", CreditTransferAid) + Tlv(((int)kind).ToString("00", CultureInfo.InvariantCulture), id));
        Field(text, "53", "764");
        if (amountSatang is { } satang)
        {
            Field(text, "54", (satang / 100).ToString(CultureInfo.InvariantCulture) + "." + (satang % 100).ToString("00", CultureInfo.InvariantCulture));
        }

        Field(text, "58", "TH");
        return WithCrc(text.ToString());
    }

    /// <summary>Appends tag 63 (the CRC's own tag and length count in it) to a payload without one.</summary>
    public static string WithCrc(string payload)
    {
        var covered = payload + "6304";
        return covered + Crc16(Encoding.ASCII.GetBytes(covered)).ToString("X4", CultureInfo.InvariantCulture);
    }

    /// <summary>CRC-16/CCITT-FALSE: polynomial 0x1021, initial 0xFFFF, no reflection, no final XOR.</summary>
    public static ushort Crc16(ReadOnlySpan<byte> data)
    {
        var crc = (ushort)0xFFFF;
        foreach (var b in data)
        {
            crc = (ushort)((crc << 8) ^ Table[(crc >> 8) ^ b]);
        }

        return crc;
    }

    private static readonly ushort[] Table = BuildTable();

    private static ushort[] BuildTable()
    {
        var table = new ushort[256];
        for (var i = 0; i < 256; i++)
        {
            var value = (ushort)(i << 8);
            for (var bit = 0; bit < 8; bit++)
            {
                value = (value & 0x8000) != 0 ? (ushort)((value << 1) ^ 0x1021) : (ushort)(value << 1);
            }

            table[i] = value;
        }

        return table;
    }

    private static void Field(StringBuilder text, string tag, string value) => text.Append(Tlv(tag, value));

    private static string Tlv(string tag, string value) =>
        value.Length is > 0 and <= 99 ? tag + value.Length.ToString("00", CultureInfo.InvariantCulture) + value : throw new ArgumentException("An EMVCo field holds 1–99 characters.", nameof(value));
}
