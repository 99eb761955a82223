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

    /// <summary>Retries were exhausted or the platform refused the request.</summary>
    Failed,
}

public sealed record SendOutcome(SendStatus Status, string? Detail = null, string? PlatformRequestId = null)
{
    public bool Delivered => Status is SendStatus.Replied or SendStatus.Pushed;
}
