using ChatCommerce.Domain.Messaging;

namespace ChatCommerce.Conversations.Inbox;

public sealed record InboxItem(long Id, InboundEvent Event, DateTimeOffset ReceivedAt, int Attempts);
