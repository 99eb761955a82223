using System.Net;

namespace ChatCommerce.Channels.Common;

/// <summary>
/// Which platform answers are worth another try, and how long to wait before it:
/// exponential backoff with jitter, never for a 4xx other than 408 and 429.
/// </summary>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    public static RetryPolicy Default { get; } = new(4, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));

    public static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout;

    public TimeSpan DelayBefore(int attempt)
    {
        // attempt is 1-based for the retry that is about to happen.
        var exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        var jitter = Random.Shared.NextDouble() * BaseDelay.TotalMilliseconds;
        return TimeSpan.FromMilliseconds(Math.Min(MaxDelay.TotalMilliseconds, exponential + jitter));
    }
}
