namespace ChatCommerce.Web.Webhooks;

/// <summary>The answers a webhook endpoint gives to requests it will not take.</summary>
internal static class WebhookResults
{
    public static IResult TooLarge() => Results.Json(new { error = "body too large", limitBytes = Channels.Common.WebhookBody.MaxBytes }, statusCode: StatusCodes.Status413PayloadTooLarge);

    public static IResult BadSignature() => Results.Json(new { error = "missing or invalid signature" }, statusCode: StatusCodes.Status401Unauthorized);

    public static IResult Malformed(string reason) => Results.Json(new { error = reason }, statusCode: StatusCodes.Status400BadRequest);

    public static IResult NotConfigured(string channel) => Results.Json(new { error = channel + " is not configured" }, statusCode: StatusCodes.Status503ServiceUnavailable);
}
