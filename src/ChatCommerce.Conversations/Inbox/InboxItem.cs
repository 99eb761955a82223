using ChatCommerce.Domain.Messaging;

namespace ChatCommerce.Conversations.Inbox;

/// <param name="Attempts">Failed attempts so far.</param>
/// <param name="NextAttemptAt">Not to be tried before this (after a failure).</param>
public sealed record InboxItem(long Id, InboundEvent Event, DateTimeOffset ReceivedAt, int Attempts = 0, DateTimeOffset NextAttemptAt = default);
