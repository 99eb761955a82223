using ChatCommerce.Channels.Common;

namespace ChatCommerce.Channels.Messenger;

/// <summary>X-Hub-Signature-256: "sha256=" + lowercase hex HMAC-SHA256(app secret, raw body).</summary>
public static class MessengerSignature
{
    public const string Header = "X-Hub-Signature-256";
    private const string Prefix = "sha256=";

    public static string Compute(string appSecret, ReadOnlySpan<byte> body) =>
        Prefix + Convert.ToHexStringLower(Signatures.HmacSha256(appSecret, body));

    public static bool IsValid(string appSecret, ReadOnlySpan<byte> body, string? header)
    {
        if (string.IsNullOrEmpty(appSecret) || header is null || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var hex = header.AsSpan(Prefix.Length).Trim();
        if (hex.Length != 64)
        {
            return false;
        }

        Span<byte> given = stackalloc byte[32];
        if (Convert.FromHexString(hex, given, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
        {
            return false;
        }

        return Signatures.FixedTimeEquals(Signatures.HmacSha256(appSecret, body), given);
    }
}
