namespace ChatCommerce.Conversations.Inbox;

/// <summary>Where an inbound event is in its life. Persisted as its name.</summary>
public enum InboxStatus
{
    Pending,

    /// <summary>A turn ran and its replies were sent (or could not be).</summary>
    Done,

    /// <summary>Kept for the record, deliberately not answered (standby, staff-owned, read receipts).</summary>
    Recorded,

    /// <summary>Failed on every attempt; kept for inspection.</summary>
    Failed,
}
