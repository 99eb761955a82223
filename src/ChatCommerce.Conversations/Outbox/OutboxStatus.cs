namespace ChatCommerce.Conversations.Outbox;

/// <summary>Where an outgoing message is in its life. Persisted as its name.</summary>
public enum OutboxStatus
{
    Pending,
    Sent,

    /// <summary>Not delivered before it went stale; kept for the record.</summary>
    Expired,

    /// <summary>The platform's rules forbid it now (Messenger's 24-hour window, another app owns the thread).</summary>
    NotAllowed,

    /// <summary>The user blocked the account or cannot be reached.</summary>
    Unreachable,

    /// <summary>The platform refused it for good.</summary>
    Failed,

    /// <summary>Started by the bot while staff own the conversation: waits until they hand it back.</summary>
    Held,
}
