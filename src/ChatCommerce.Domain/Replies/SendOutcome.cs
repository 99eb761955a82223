namespace ChatCommerce.Domain.Replies;

public enum SendStatus
{
    /// <summary>Delivered by a free reply (LINE reply token, Messenger RESPONSE).</summary>
    Replied,

    /// <summary>Delivered by push (LINE push with retry key, Messenger UPDATE).</summary>
    Pushed,

    /// <summary>The platform's rules forbid sending now (Messenger 24-hour window, standby).</summary>
    NotAllowed,

    /// <summary>The user blocked the account or cannot be reached.</summary>
    Unreachable,

    /// <summary>The platform refused the request for good (a 4xx that no retry will change).</summary>
    Failed,

    /// <summary>Not delivered yet, for a reason that may pass (5xx, 429, time-out, outage): try again later.</summary>
    RetryLater,
}

/// <param name="Progress">Parts delivered so far, counting those of earlier attempts.</param>
/// <param name="RetryAfter">How long the platform asked us to wait, when it said.</param>
/// <param name="MayHaveArrived">For <see cref="SendStatus.RetryLater"/>: the failed request may still have been acted on.</param>
public sealed record SendOutcome(
    SendStatus Status,
    string? Detail = null,
    string? PlatformRequestId = null,
    int Progress = 0,
    TimeSpan? RetryAfter = null,
    bool MayHaveArrived = false)
{
    public bool Delivered => Status is SendStatus.Replied or SendStatus.Pushed;

    /// <summary>Nothing more will be tried: delivered, or refused for good.</summary>
    public bool IsFinal => Status != SendStatus.RetryLater;
}
