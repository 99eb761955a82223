using ChatCommerce.Domain.Messaging;

namespace ChatCommerce.Domain.Replies;

/// <summary>
/// What a channel gateway needs to deliver one outbox message: where to, the reply token if it
/// answers an event, a stable idempotency seed (LINE retry keys are derived from it), and what
/// earlier attempts achieved.
/// </summary>
/// <param name="Progress">Parts already delivered by earlier attempts (LINE calls of up to five messages; Messenger messages): they are not sent again.</param>
/// <param name="MayHaveBeenSent">
/// An earlier attempt may have delivered the next part without our knowing (a time-out after the
/// request went out, or a crash before the result was stored). On LINE a refused reply token that
/// is still fresh then means it was used by that attempt: the part is delivered.
/// </param>
/// <param name="FromStaff">Written by a person on staff: Messenger allows it with the HUMAN_AGENT tag up to 7 days after the shopper's last message.</param>
public sealed record OutboundContext(
    ConversationKey Conversation,
    string IdempotencySeed,
    string? ReplyToken = null,
    DateTimeOffset? ReplyTokenReceivedAt = null,
    DateTimeOffset? EventTimestamp = null,
    DateTimeOffset? LastUserMessageAt = null,
    bool InResponse = false,
    int Progress = 0,
    bool MayHaveBeenSent = false,
    bool FromStaff = false);
