using System.Security.Cryptography;
using System.Text;

namespace ChatCommerce.Channels.Common;

/// <summary>HMAC-SHA256 over the raw body, compared in constant time.</summary>
public static class Signatures
{
    public static byte[] HmacSha256(string secret, ReadOnlySpan<byte> body) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);

    public static bool FixedTimeEquals(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual) =>
        CryptographicOperations.FixedTimeEquals(expected, actual);
}
