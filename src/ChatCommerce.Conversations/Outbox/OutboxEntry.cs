using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Replies;

namespace ChatCommerce.Conversations.Outbox;

/// <summary>A message to send, before it is stored (inside the transaction of what caused it).</summary>
/// <param name="IdempotencySeed">Unique and stable for this message: LINE retry keys are derived from it.</param>
/// <param name="LastUserMessageAt">When the shopper last wrote, as known now (Messenger's 24-hour window).</param>
public sealed record OutboxEntry(
    ConversationKey Conversation,
    OutboxKind Kind,
    IReadOnlyList<OutboundMessage> Messages,
    string IdempotencySeed,
    DateTimeOffset ExpiresAt,
    string? ReplyToken = null,
    DateTimeOffset? ReplyTokenReceivedAt = null,
    DateTimeOffset? EventTimestamp = null,
    DateTimeOffset? LastUserMessageAt = null,
    bool InResponse = false);
