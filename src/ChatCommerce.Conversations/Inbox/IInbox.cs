using ChatCommerce.Domain.Messaging;

namespace ChatCommerce.Conversations.Inbox;

/// <summary>
/// The durable inbound queue. An event is acknowledged to the platform only after
/// <see cref="AddAsync"/> returned; an event id already present is a duplicate and is not added again.
/// </summary>
public interface IInbox
{
    /// <summary>
    /// Stores the events that are new, all in one write, and returns them with their ids
    /// (duplicates left out). Throws when the write fails: then nothing was stored. Echoes are
    /// not stored as events: each records, in the same write, that its outbox message part arrived.
    /// </summary>
    Task<IReadOnlyList<InboxItem>> AddAsync(IReadOnlyList<InboundEvent> events, DateTimeOffset receivedAt, CancellationToken cancellationToken);

    /// <summary>Conversations with pending events received before the given time whose next attempt is due.</summary>
    Task<IReadOnlyList<ConversationKey>> StalledAsync(DateTimeOffset receivedBefore, DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>Events that failed on every attempt, newest first.</summary>
    Task<IReadOnlyList<DeadLetter>> DeadLettersAsync(int max, CancellationToken cancellationToken);

    /// <summary>Puts a dead letter back in the queue for a fresh set of attempts; null when there is no such dead letter.</summary>
    Task<ConversationKey?> RetryDeadLetterAsync(long id, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>An event given up on: why, after how many attempts, and what it was.</summary>
public sealed record DeadLetter(long Id, ConversationKey Conversation, string EventId, string RawType, DateTimeOffset ReceivedAt, int Attempts, string? Reason);
