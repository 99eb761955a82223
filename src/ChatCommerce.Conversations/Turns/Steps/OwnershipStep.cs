using ChatCommerce.Conversations.Contacts;
using ChatCommerce.Conversations.Inbox;
using ChatCommerce.Conversations.State;

namespace ChatCommerce.Conversations.Turns.Steps;

/// <summary>Whether the bot may answer at all: not in standby, not to a non-conversational event, not while staff own the chat.</summary>
public sealed class OwnershipStep : ITurnStep
{
    public ValueTask RunAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var inbound = turn.Event;
        if (inbound.IsStandby)
        {
            turn.Stop(InboxStatus.Recorded, "standby: another app or mode owns the chat");
            turn.Effects.SetInboundOutcome(TouchpointOutcomes.Staff);
        }
        else if (!inbound.IsConversational)
        {
            turn.Stop(InboxStatus.Recorded, $"{inbound.RawType}: nothing to answer");
            turn.Effects.SetInboundOutcome(TouchpointOutcomes.NoReply);
        }
        else if (turn.State.Owner == ConversationOwner.Staff)
        {
            turn.Stop(InboxStatus.Recorded, "staff own the conversation: bot silent");
            turn.Effects.SetInboundOutcome(TouchpointOutcomes.Staff);
        }

        return ValueTask.CompletedTask;
    }
}
