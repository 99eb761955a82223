using ChatCommerce.Conversations.Contacts;
using ChatCommerce.Conversations.Inbox;
using ChatCommerce.Conversations.Outbox;
using ChatCommerce.Domain.Messaging;

namespace ChatCommerce.Conversations.Turns;

/// <summary>Everything one turn writes, gathered by the pipeline's steps and committed at once.</summary>
public sealed class TurnEffects(ConversationKey conversation, long inboxId, long expectedVersion)
{
    public ConversationKey Conversation => conversation;

    public long InboxId => inboxId;

    /// <summary>The state version the turn read; the commit fails if another writer moved it on.</summary>
    public long ExpectedVersion => expectedVersion;

    public InboxStatus Status { get; set; } = InboxStatus.Done;

    public string? Note { get; set; }

    /// <summary>The state after the turn (always written: every event moves the version on).</summary>
    public string StateData { get; set; } = "{}";

    public DateTimeOffset StateExpiresAt { get; set; }

    public ContactTouch? Contact { get; set; }

    public List<Interaction> Interactions { get; } = [];

    public List<OutboxEntry> Outbox { get; } = [];

    /// <summary>The basket changed: the reminder job's row is kept or forgotten (see <see cref="Domain.Promotions.BasketChange"/>).</summary>
    public Domain.Promotions.BasketChange? Basket { get; set; }

    /// <summary>A measured basket to start, unless its conversation has one open within <see cref="Domain.Promotions.NudgeMeasurement.Window"/>.</summary>
    public Domain.Promotions.NudgeRecord? Nudge { get; set; }

    /// <summary>The shopper unsent this message: its text leaves the record.</summary>
    public string? ForgetMessageId { get; set; }

    public DateTimeOffset Now { get; set; }

    /// <summary>Says what came of the event on its inbound touchpoint (recorded by the record step).</summary>
    public void SetInboundOutcome(string outcome)
    {
        var index = Interactions.FindIndex(i => i.Direction == InteractionDirection.Inbound);
        if (index >= 0)
        {
            Interactions[index] = Interactions[index] with { Outcome = outcome };
        }
    }
}

/// <summary>What an event tells about its sender.</summary>
/// <param name="LastUserMessageAt">Set when the user wrote or tapped (it opens Messenger's 24-hour window).</param>
/// <param name="IsFollowing">Set by follow and unfollow.</param>
/// <param name="Profile">Set when the platform's profile was fetched during the turn.</param>
/// <param name="CustomerId">The customer the identity belongs to; when <paramref name="NewCustomer"/>, made by this turn (first contact).</param>
public sealed record ContactTouch(Channel Channel, string UserId, DateTimeOffset? LastUserMessageAt, bool? IsFollowing, PlatformProfile? Profile, string CustomerId, bool NewCustomer)
{
    /// <summary>
    /// This touch and a later one of the same sender as one, as the contact row would merge them
    /// one after the other: the later profile and follow state win when it has them, the time
    /// they last wrote only moves forward, and the customer (made by the first, if new) stays.
    /// </summary>
    public ContactTouch Then(ContactTouch later) => this with
    {
        LastUserMessageAt = later.LastUserMessageAt is { } at && (LastUserMessageAt is not { } before || at > before) ? at : LastUserMessageAt,
        IsFollowing = later.IsFollowing ?? IsFollowing,
        Profile = later.Profile ?? Profile,
    };
}
