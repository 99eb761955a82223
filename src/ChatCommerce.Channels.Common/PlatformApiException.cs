using System.Net;

namespace ChatCommerce.Channels.Common;

/// <summary>A platform API refused a call. Carries what is needed to ask the platform about it.</summary>
public sealed class PlatformApiException(string platform, HttpStatusCode status, string? requestId, string body)
    : Exception($"{platform} API answered {(int)status} (request id {requestId ?? "none"}): {Truncate(body)}")
{
    public string Platform { get; } = platform;

    public HttpStatusCode Status { get; } = status;

    public string? RequestId { get; } = requestId;

    public string Body { get; } = body;

    /// <summary>How long the platform asked us to wait (Retry-After), when it said.</summary>
    public TimeSpan? RetryAfter { get; init; }

    private static string Truncate(string body) => body.Length <= 500 ? body : body[..500] + "…";
}
