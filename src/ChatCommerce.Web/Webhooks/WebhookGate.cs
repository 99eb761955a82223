using System.Text.Json.Serialization;
using ChatCommerce.Channels.Common;
using ChatCommerce.Conversations.Turns;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Web.Security;

namespace ChatCommerce.Web.Webhooks;

/// <summary>
/// The checks every webhook passes before its body is parsed: the channel is configured, the body
/// is at most 1 MiB, and its signature verifies on the raw bytes.
/// </summary>
internal static class WebhookGate
{
    /// <summary>
    /// Webhook endpoints answer straight after routing: the platforms sign their requests, so the
    /// host's sign-in, authorisation and status-page middleware have nothing to do for them, and
    /// they are most of what the host answers. Their answers still carry the common headers.
    /// </summary>
    public static IEndpointConventionBuilder AsWebhook(this RouteHandlerBuilder endpoint) =>
        endpoint.ShortCircuit();

    public delegate bool SignatureCheck(string secret, ReadOnlySpan<byte> body, string? signature);

    /// <summary>The verified body, or the answer to refuse the request with.</summary>
    public static async Task<(byte[]? Body, IResult? Refusal)> ReadSignedAsync(
        HttpContext http, string channel, string secret, string signatureHeader, SignatureCheck isValid)
    {
        SecurityHeaders.Apply(http.Response);
        if (string.IsNullOrEmpty(secret))
        {
            return (null, Results.Json(new { error = channel + " is not configured" }, statusCode: StatusCodes.Status503ServiceUnavailable));
        }

        var body = await WebhookBody.ReadAsync(http.Request, WebhookBody.MaxBytes, http.RequestAborted);
        if (body is null)
        {
            return (null, Results.Json(new { error = "body too large", limitBytes = WebhookBody.MaxBytes }, statusCode: StatusCodes.Status413PayloadTooLarge));
        }

        if (!isValid(secret, body, http.Request.Headers[signatureHeader]))
        {
            return (null, Results.Json(new { error = "missing or invalid signature" }, statusCode: StatusCodes.Status401Unauthorized));
        }

        return (body, null);
    }

    public static IResult Malformed(string reason) => Results.Json(new { error = reason }, statusCode: StatusCodes.Status400BadRequest);

    /// <summary>
    /// 200 once the events are stored; 503 when they could not be, so the platform delivers them
    /// again (nothing was stored, so nothing is lost or half-done).
    /// </summary>
    public static async Task<IResult> StoreAsync(InboundIntake intake, IReadOnlyList<InboundEvent> events, ILogger logger)
    {
        try
        {
            // Not the request's token: once the body is verified the events must be stored even if the platform hangs up.
            var added = await intake.AcceptAsync(events, CancellationToken.None);
            return Results.Json(new WebhookReceipt(events.Count, added), WebhookJson.Default.WebhookReceipt);
        }
        catch (Exception ex)
        {
            logger.LogWarning("Webhook of {Count} events refused with 503: {Error}", events.Count, ex.Message);
            return Results.Json(new { error = "the events could not be stored; deliver them again" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}

/// <summary>The answer to a stored webhook: how many events it carried and how many were new.</summary>
internal sealed record WebhookReceipt(int Received, int Added);

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(WebhookReceipt))]
internal sealed partial class WebhookJson : JsonSerializerContext;
