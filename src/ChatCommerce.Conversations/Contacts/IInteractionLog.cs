using ChatCommerce.Domain.Messaging;

namespace ChatCommerce.Conversations.Contacts;

/// <summary>The touchpoint log: every message in and out, on the customer's record.</summary>
public interface IInteractionLog
{
    Task RecordAsync(Interaction interaction, CancellationToken cancellationToken);

    /// <summary>The shopper unsent a message: its content is removed from the record.</summary>
    Task ForgetMessageAsync(ConversationKey conversation, string messageId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Interaction>> RecentAsync(ConversationKey conversation, int max, CancellationToken cancellationToken);
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
