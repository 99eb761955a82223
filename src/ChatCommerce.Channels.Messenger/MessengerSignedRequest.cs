using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using ChatCommerce.Channels.Common;

namespace ChatCommerce.Channels.Messenger;

/// <summary>
/// Meta's signed request (the data-deletion callback's form field <c>signed_request</c>): two
/// base64url parts joined by a dot, the HMAC-SHA256 of the second part's text with the app
/// secret, and the payload JSON (algorithm, issued_at, user_id: an app-scoped user id).
/// </summary>
public static class MessengerSignedRequest
{
    /// <summary>The payload when the signature holds and the algorithm is HMAC-SHA256; null otherwise.</summary>
    public static JsonObject? Read(string appSecret, string? signedRequest)
    {
        if (string.IsNullOrEmpty(appSecret) || signedRequest is not { Length: > 0 and <= 8192 })
        {
            return null;
        }

        var dot = signedRequest.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == signedRequest.Length - 1)
        {
            return null;
        }

        var encodedPayload = signedRequest[(dot + 1)..];
        if (Decode(signedRequest[..dot]) is not { Length: 32 } signature || Decode(encodedPayload) is not { } payload)
        {
            return null;
        }

        if (!Signatures.FixedTimeEquals(Signatures.HmacSha256(appSecret, Encoding.ASCII.GetBytes(encodedPayload)), signature))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(payload) is JsonObject data && string.Equals((string?)data["algorithm"], "HMAC-SHA256", StringComparison.OrdinalIgnoreCase) ? data : null;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Signs a payload as Meta does (for the fake platform and tests).</summary>
    public static string Sign(string appSecret, JsonObject payload)
    {
        var encoded = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        return Base64Url.EncodeToString(Signatures.HmacSha256(appSecret, Encoding.ASCII.GetBytes(encoded))) + "." + encoded;
    }

    private static byte[]? Decode(string text)
    {
        try
        {
            return Base64Url.DecodeFromChars(text.TrimEnd('='));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
