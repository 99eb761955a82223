using ChatCommerce.Domain.Messaging;

namespace ChatCommerce.Conversations.Contacts;

/// <summary>The touchpoint log: every message in and out, on the customer's record.</summary>
public interface IInteractionLog
{
    /// <summary>Records a touchpoint made outside a turn, inside the caller's open write transaction if there is one.</summary>
    Task RecordAsync(Interaction interaction, CancellationToken cancellationToken);
}

public enum InteractionDirection
{
    Inbound,
    Outbound,
}

/// <summary>
/// One touchpoint: a message in or out (or an order placed), with what it meant and what came of
/// it. The customer is the sender's (inbound) or the chat's (outbound); when the caller does not
/// know it, the store finds it from the identity.
/// </summary>
public sealed record Interaction(
    ConversationKey Conversation,
    InteractionDirection Direction,
    string Kind,
    string? Text,
    string? MessageId,
    DateTimeOffset At,
    string? Detail = null)
{
    public string? CustomerId { get; init; }

    /// <summary>The person on the platform: the sender of an inbound event; for outbound, the chat's user (null in groups).</summary>
    public string? UserId { get; init; }

    public string? Intent { get; init; }

    public float? IntentConfidence { get; init; }

    /// <summary>positive, neutral or negative.</summary>
    public string? Sentiment { get; init; }

    public float? SentimentScore { get; init; }

    /// <summary>The order it was about (CC000123), when there was one.</summary>
    public string? OrderNumber { get; init; }

    /// <summary>One of <see cref="TouchpointOutcomes"/>.</summary>
    public string? Outcome { get; init; }
}

/// <summary>What came of a touchpoint. Persisted as these names.</summary>
public static class TouchpointOutcomes
{
    /// <summary>The bot answered.</summary>
    public const string Replied = "replied";

    /// <summary>Nothing to answer (follow, unfollow, a sticker the flow ignores).</summary>
    public const string NoReply = "no_reply";

    /// <summary>Staff own the chat: the bot kept silent.</summary>
    public const string Staff = "staff";

    /// <summary>The turn put the chat in the staff queue.</summary>
    public const string HandedOff = "handed_off";

    /// <summary>Sent (outbound).</summary>
    public const string Sent = "sent";

    /// <summary>Could not be sent yet (Messenger's window closed): held for later.</summary>
    public const string Held = "held";

    /// <summary>An order was placed.</summary>
    public const string Placed = "placed";
}
