namespace ChatCommerce.Domain.Messaging;

/// <summary>What happened, independent of the platform. Persisted as its name.</summary>
public enum InboundEventKind
{
    Unknown,
    Message,
    Postback,
    Follow,
    Unfollow,
    Unsend,
    Join,
    Leave,
    MemberJoined,
    MemberLeft,
    Beacon,
    AccountLink,
    Read,
    Delivery,
    Handover,

    /// <summary>Meta's echo of a message we sent, carrying our delivery marker: proof that part arrived.</summary>
    Echo,
}
