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

public sealed record Interaction(
    ConversationKey Conversation,
    InteractionDirection Direction,
    string Kind,
    string? Text,
    string? MessageId,
    DateTimeOffset At,
    string? Detail = null);
