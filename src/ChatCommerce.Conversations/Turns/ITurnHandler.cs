using ChatCommerce.Conversations.Contacts;
using ChatCommerce.Conversations.State;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Replies;
using ChatCommerce.Domain.Understanding;

namespace ChatCommerce.Conversations.Turns;

/// <summary>
/// Decides what the bot says to one event. Must not send or store anything itself: it returns
/// replies and the next state, and may be run again if the state save loses a race.
/// </summary>
public interface ITurnHandler
{
    Task<TurnOutcome> HandleAsync(TurnInput input, CancellationToken cancellationToken);
}

/// <param name="Understanding">Intent, sentiment and entities of the message (none for buttons and follows).</param>
public sealed record TurnInput(InboundEvent Event, ConversationState State, ContactInfo? Contact, MessageUnderstanding Understanding);

public sealed record TurnOutcome(IReadOnlyList<OutboundMessage> Replies, ConversationState State)
{
    /// <summary>The basket changed: its reminder row, committed with the turn.</summary>
    public Domain.Promotions.BasketChange? Basket { get; init; }

    /// <summary>A measured basket started (unless its conversation has one open), committed with the turn.</summary>
    public Domain.Promotions.NudgeRecord? Nudge { get; init; }
}
