using System.Text;
using ChatCommerce.Channels.Common;

namespace ChatCommerce.Channels.Line;

/// <summary>x-line-signature = base64(HMAC-SHA256(channel secret, raw body)).</summary>
public static class LineSignature
{
    public const string Header = "x-line-signature";

    public static string Compute(string channelSecret, ReadOnlySpan<byte> body) =>
        Convert.ToBase64String(Signatures.HmacSha256(channelSecret, body));

    public static bool IsValid(string channelSecret, ReadOnlySpan<byte> body, string? signature)
    {
        if (string.IsNullOrEmpty(channelSecret) || string.IsNullOrWhiteSpace(signature))
        {
            return false;
        }

        Span<byte> given = stackalloc byte[64];
        if (!Convert.TryFromBase64String(signature.Trim(), given, out var written) || written != 32)
        {
            return false;
        }

        var expected = Signatures.HmacSha256(channelSecret, body);
        return Signatures.FixedTimeEquals(expected, given[..written]);
    }

    public static string Compute(string channelSecret, string body) => Compute(channelSecret, Encoding.UTF8.GetBytes(body));
}
