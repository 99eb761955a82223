namespace ChatCommerce.Conversations.Outbox;

/// <summary>Why a message is sent; decides how long it is worth sending. Persisted as its name.</summary>
public enum OutboxKind
{
    /// <summary>The answer to what a shopper just said: stale after minutes.</summary>
    Reply,

    /// <summary>Something the shop tells on its own (shipping, later reminders): still worth it days later.</summary>
    Notice,

    /// <summary>What a staff member wrote: on Messenger it may go with the HUMAN_AGENT tag (up to 7 days).</summary>
    StaffReply,
}
