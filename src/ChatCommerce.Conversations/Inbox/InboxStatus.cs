namespace ChatCommerce.Conversations.Inbox;

/// <summary>Where an inbound event is in its life. Persisted as its name.</summary>
public enum InboxStatus
{
    Pending,

    /// <summary>A turn ran; its replies, if any, are in the outbox.</summary>
    Done,

    /// <summary>Kept for the record, deliberately not answered (standby, staff-owned, read receipts).</summary>
    Recorded,

    /// <summary>Failed on every attempt; kept with the reason, listed for the owner, retried on request.</summary>
    DeadLettered,
}
