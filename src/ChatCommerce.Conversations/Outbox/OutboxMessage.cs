using ChatCommerce.Domain.Replies;

namespace ChatCommerce.Conversations.Outbox;

/// <summary>A stored outgoing message and what earlier attempts achieved.</summary>
/// <param name="Progress">Parts already delivered (never sent again).</param>
/// <param name="MayHaveBeenSent">An attempt ended without a clear answer, or a previous owner died holding it.</param>
public sealed record OutboxMessage(long Id, OutboxEntry Entry, int Attempts, int Progress, bool MayHaveBeenSent)
{
    public OutboundContext Context() => new(
        Entry.Conversation,
        Entry.IdempotencySeed,
        Entry.ReplyToken,
        Entry.ReplyTokenReceivedAt,
        Entry.EventTimestamp,
        Entry.LastUserMessageAt,
        Entry.InResponse,
        Progress,
        MayHaveBeenSent,
        FromStaff: Entry.Kind == OutboxKind.StaffReply);
}
