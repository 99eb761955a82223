using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace ChatCommerce.Channels.Common;

/// <summary>
/// How every platform call is timed out, retried and cut off, with Microsoft.Extensions.Http.Resilience:
/// a total time-out around quick retries (exponential backoff with jitter, honouring Retry-After),
/// a circuit breaker per endpoint family, and a time-out per attempt.
/// </summary>
/// <remarks>
/// A retry must never deliver a message twice. A 5xx, 408 or 429 answer, or a connection that was
/// never made, means the platform did not act, so those are always retried. A time-out or a dropped
/// connection after the request went out is ambiguous: it is repeated only for requests marked
/// <see cref="Repeatable"/> (a LINE push carries its retry key; reads change nothing). Everything
/// else is left to the caller (the outbox), which knows what an ambiguous failure means for it.
/// </remarks>
public static class PlatformResilience
{
    /// <summary>Set on a request that may be sent again after an ambiguous failure.</summary>
    public static readonly HttpRequestOptionsKey<bool> Repeatable = new("chatcommerce.repeatable");

    /// <summary>Which circuit a request belongs to ("message", "profile", …): one outage does not cut off the others.</summary>
    public static readonly HttpRequestOptionsKey<string> Endpoint = new("chatcommerce.endpoint");

    /// <param name="isRateLimited">
    /// For platforms that report rate limits inside a 4xx body (the Graph API's codes 4 and 613).
    /// The response content is buffered first, so the caller can still read it.
    /// </param>
    public static IHttpClientBuilder AddPlatformResilience(this IHttpClientBuilder builder, string name, Func<string, bool>? isRateLimited = null)
    {
        builder.Services.AddOptions<PlatformHttpOptions>().BindConfiguration(PlatformHttpOptions.Section);
        builder.ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan);

        // The factory's request logging (a scope and two Information lines per call, filtered out
        // at the default Warning level only after they are built) cost a measurable share of every
        // reply under load. A failed call is logged where it is handled (the outbox: message, attempt,
        // the platform's status and request id).
        builder.RemoveAllLoggers();

        // The platforms' APIs neither redirect nor set cookies: without those two, the client's
        // chain has no redirect handler and no cookie work on every call (a redirect answer is
        // handed back as it is, not followed with the message to another address).
        builder.ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        builder.AddResilienceHandler(name, (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<PlatformHttpOptions>>().Value;
            pipeline.AddTimeout(options.TotalTimeout);
            if (options.MaxRetries > 0)
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.MaxRetries,
                    Delay = options.RetryDelay,
                    MaxDelay = options.MaxRetryDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldRetryAfterHeader = true,
                    ShouldHandle = args => ShouldRetryAsync(args.Outcome, args.Context, isRateLimited),
                });
            }

            pipeline
                .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = 0.8,
                    MinimumThroughput = options.BreakerMinimumThroughput,
                    SamplingDuration = TimeSpan.FromSeconds(30),
                    BreakDuration = options.BreakDuration,
                    ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { } r ? (int)r.StatusCode >= 500 : args.Outcome.Exception is HttpRequestException or TimeoutRejectedException),
                })
                .AddTimeout(options.AttemptTimeout);
        }).SelectPipelineBy(_ => request => request.Options.TryGetValue(Endpoint, out var endpoint) ? endpoint : "api");
        return builder;
    }

    private static async ValueTask<bool> ShouldRetryAsync(Outcome<HttpResponseMessage> outcome, ResilienceContext context, Func<string, bool>? isRateLimited)
    {
        if (outcome.Result is { } response)
        {
            if ((int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
            {
                return true;
            }

            if (isRateLimited is null || PlatformHttp.IsSuccess(response.StatusCode))
            {
                return false;
            }

            await response.Content.LoadIntoBufferAsync(context.CancellationToken);
            return isRateLimited(await response.Content.ReadAsStringAsync(context.CancellationToken));
        }

        return outcome.Exception switch
        {
            HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } => true,
            HttpRequestException or TimeoutRejectedException => context.GetRequestMessage() is { } request && request.Options.TryGetValue(Repeatable, out var repeatable) && repeatable,
            _ => false,
        };
    }

    /// <summary>True for a failure that says nothing reached the platform, or that it may have: worth another try later.</summary>
    public static bool IsTransient(Exception exception) =>
        exception is HttpRequestException or TimeoutRejectedException or BrokenCircuitException or TaskCanceledException;

    /// <summary>True when the request may have reached the platform and been acted on.</summary>
    public static bool MayHaveArrived(Exception exception) => exception switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } => false,
        BrokenCircuitException => false,
        _ => true,
    };
}

/// <summary>Configuration section <c>ChatCommerce:PlatformHttp</c>: time-outs and retries of calls to LINE and Meta.</summary>
public sealed class PlatformHttpOptions
{
    public const string Section = "ChatCommerce:PlatformHttp";

    /// <summary>One attempt. Every call fits inside the conversation lock's renewal period.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>All attempts of one call together.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(12);

    public int MaxRetries { get; set; } = 3;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Calls in 30 s before the breaker may open (at 80% failures), and how long it stays open.</summary>
    public int BreakerMinimumThroughput { get; set; } = 20;

    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);
}
