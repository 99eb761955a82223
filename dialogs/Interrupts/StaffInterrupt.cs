using ChatCommerce.Conversations.Engine;
using ChatCommerce.Conversations.Handoffs;
using ChatCommerce.Conversations.Turns;
using ChatCommerce.Domain.Replies;

namespace ChatCommerce.Dialogs.Interrupts;

/// <summary>
/// "ขอคุยกับพนักงาน" / "talk to a person" (by intent, or the button offered after three
/// misunderstandings) puts the conversation in the staff queue and hands it to staff: the bot is
/// silent until staff hand it back. The basket stays.
/// </summary>
public sealed class StaffInterrupt(ReplyTexts texts, IHandoffQueue queue) : IInterrupt
{
    public async ValueTask<InterruptOutcome?> TryHandleAsync(TurnInput input, DialogStack stack, TurnReplies replies, CancellationToken cancellationToken)
    {
        var button = input.Event.Payload == DialogEngine.TalkToStaffPayload;
        if (!button && !InterruptRules.Says(input, "human_agent"))
        {
            return null;
        }

        await queue.RequestAsync(input.Event.Conversation, button ? "button" : "asked", input.Event.Text, cancellationToken);
        replies.Add(new TextReply(texts.Get(input.State.Locale, "staff.handed")));
        return new InterruptOutcome(DialogStack.Empty, HandToStaff: true);
    }
}
