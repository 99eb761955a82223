using System.Net;

namespace ChatCommerce.Channels.Common;

/// <summary>What every platform client reads off an answer: success, request id, error.</summary>
public static class PlatformHttp
{
    public static string? RequestIdOf(HttpResponseMessage response)
    {
        foreach (var name in new[] { "X-Line-Request-Id", "x-fb-trace-id", "x-fb-request-id" })
        {
            if (response.Headers.TryGetValues(name, out var values))
            {
                return values.FirstOrDefault();
            }
        }

        return null;
    }

    public static async Task<PlatformApiException> ToExceptionAsync(string platform, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return new PlatformApiException(platform, response.StatusCode, RequestIdOf(response), body) { RetryAfter = RetryAfterOf(response) };
    }

    public static bool IsSuccess(HttpStatusCode status) => (int)status is >= 200 and < 300;

    /// <summary>Retry-After as a wait (seconds or a date), when the answer has one.</summary>
    public static TimeSpan? RetryAfterOf(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } when date > DateTimeOffset.UtcNow => date - DateTimeOffset.UtcNow,
        _ => null,
    };

    /// <summary>
    /// The body of a media download, at most <paramref name="maxBytes"/> (null beyond it: a
    /// stranger's 2 GB "picture" is never held in memory), with its content type.
    /// </summary>
    public static async Task<Domain.Payments.MediaContent?> ReadMediaAsync(HttpResponseMessage response, long maxBytes, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is > 0 and var length && length > maxBytes)
        {
            return null;
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (copy.Length + read > maxBytes)
            {
                return null;
            }

            copy.Write(buffer, 0, read);
        }

        var type = response.Content.Headers.ContentType?.MediaType ?? "application/octet-stream";
        return copy.Length == 0 ? null : new Domain.Payments.MediaContent(copy.ToArray(), type);
    }
}
