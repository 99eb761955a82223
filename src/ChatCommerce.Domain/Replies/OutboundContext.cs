using ChatCommerce.Domain.Messaging;

namespace ChatCommerce.Domain.Replies;

/// <summary>
/// What a channel gateway needs to send replies for one turn: where to, the reply token if the
/// turn has one, and a stable idempotency seed so a re-run turn never sends twice.
/// </summary>
public sealed record OutboundContext(
    ConversationKey Conversation,
    string IdempotencySeed,
    string? ReplyToken = null,
    DateTimeOffset? ReplyTokenReceivedAt = null,
    DateTimeOffset? EventTimestamp = null,
    DateTimeOffset? LastUserMessageAt = null,
    bool InResponse = false);
