using System.Net;
using Microsoft.Extensions.Logging;

namespace ChatCommerce.Channels.Common;

/// <summary>Sends one platform request with retries on transient failures.</summary>
public static class PlatformHttp
{
    /// <summary>
    /// Sends the request built by <paramref name="build"/> (called once per attempt) until it gets a
    /// non-transient answer or attempts run out. The last response is returned, never disposed here.
    /// Time-outs, connection failures, 5xx, 408 and 429 count as transient, and so does any answer
    /// for which <paramref name="alsoTransient"/> says so (a platform that reports rate limits in
    /// a 4xx body, as the Graph API does).
    /// </summary>
    public static async Task<HttpResponseMessage> SendWithRetryAsync(
        HttpClient http,
        Func<HttpRequestMessage> build,
        RetryPolicy policy,
        ILogger logger,
        string platform,
        CancellationToken cancellationToken,
        Func<HttpResponseMessage, CancellationToken, Task<bool>>? alsoTransient = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage? response = null;
            try
            {
                using var request = build();
                response = await http.SendAsync(request, cancellationToken);
                var transient = RetryPolicy.IsTransient(response.StatusCode)
                    || (alsoTransient is not null && !IsSuccess(response.StatusCode) && await alsoTransient(response, cancellationToken));
                if (!transient || attempt >= policy.MaxAttempts)
                {
                    return response;
                }

                logger.LogWarning(
                    "{Platform} answered {Status} (request id {RequestId}), attempt {Attempt} of {Max}",
                    platform, (int)response.StatusCode, RequestIdOf(response), attempt, policy.MaxAttempts);
                response.Dispose();
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                if (attempt >= policy.MaxAttempts)
                {
                    throw;
                }

                logger.LogWarning(ex, "{Platform} call failed, attempt {Attempt} of {Max}", platform, attempt, policy.MaxAttempts);
            }

            await Task.Delay(policy.DelayBefore(attempt), cancellationToken);
        }
    }

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
        return new PlatformApiException(platform, response.StatusCode, RequestIdOf(response), body);
    }

    public static bool IsSuccess(HttpStatusCode status) => (int)status is >= 200 and < 300;
}
