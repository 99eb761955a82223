using ChatCommerce.Domain.Messaging;

namespace ChatCommerce.Conversations.Inbox;

/// <summary>
/// The durable inbound queue. An event is acknowledged to the platform only after
/// <see cref="AddAsync"/> returned; an event id already present is a duplicate and is not added again.
/// </summary>
public interface IInbox
{
    /// <summary>Stores the events that are new; returns those (duplicates left out).</summary>
    Task<IReadOnlyList<InboundEvent>> AddAsync(IReadOnlyList<InboundEvent> events, DateTimeOffset receivedAt, CancellationToken cancellationToken);

    /// <summary>Pending events of one conversation, oldest event first.</summary>
    Task<IReadOnlyList<InboxItem>> PendingAsync(ConversationKey conversation, CancellationToken cancellationToken);

    Task CompleteAsync(long id, InboxStatus status, string? note, CancellationToken cancellationToken);

    /// <summary>Counts a failed attempt; after <paramref name="maxAttempts"/> the event is marked failed for good.</summary>
    Task FailAsync(long id, string error, int maxAttempts, CancellationToken cancellationToken);

    /// <summary>Conversations with events still pending that were received before the given time.</summary>
    Task<IReadOnlyList<ConversationKey>> StalledAsync(DateTimeOffset receivedBefore, int max, CancellationToken cancellationToken);
}
