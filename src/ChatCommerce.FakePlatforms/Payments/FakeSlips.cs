using System.Text;
using System.Text.RegularExpressions;

namespace ChatCommerce.FakePlatforms.Payments;

/// <summary>
/// Pictures of transfer slips for tests and the simulator: a JPEG frame around a line of text that
/// the fake verifier reads, like <c>amount=578 ref=T0001</c> (baht, the bank's reference). The same
/// text is the same picture, byte for byte.
/// </summary>
public static partial class FakeSlips
{
    public static byte[] Picture(string text)
    {
        var body = Encoding.UTF8.GetBytes("slip " + text);
        return [0xFF, 0xD8, 0xFF, 0xFE, (byte)((body.Length + 2) >> 8), (byte)((body.Length + 2) & 0xFF), .. body, 0xFF, 0xD9];
    }

    /// <summary>The amount (satang) and reference written on a fake slip; nulls when it has none.</summary>
    public static (long? AmountSatang, string? Reference) Read(byte[] picture)
    {
        var text = Encoding.UTF8.GetString(picture);
        var amount = Amount().Match(text);
        var reference = Reference().Match(text);
        return (amount.Success ? (long)(decimal.Parse(amount.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) * 100) : null,
            reference.Success ? reference.Groups[1].Value : null);
    }

    /// <summary>Who the slip says received the money (<c>to=0899999999</c>); null when it does not say.</summary>
    public static string? Receiver(byte[] picture) => ReceiverPattern().Match(Encoding.UTF8.GetString(picture)) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex(@"to=([0-9-]+)")]
    private static partial Regex ReceiverPattern();

    [GeneratedRegex(@"amount=(\d+(?:\.\d{1,2})?)")]
    private static partial Regex Amount();

    [GeneratedRegex(@"ref=([A-Za-z0-9]+)")]
    private static partial Regex Reference();
}
