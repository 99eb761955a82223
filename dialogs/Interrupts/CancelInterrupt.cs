using ChatCommerce.Conversations.Engine;
using ChatCommerce.Conversations.Turns;
using ChatCommerce.Domain.Replies;

namespace ChatCommerce.Dialogs.Interrupts;

/// <summary>
/// "ยกเลิก" / "cancel" (by intent or the cancel button) ends whatever flow is in progress and
/// goes back to the menu. With nothing in progress it lets the message through.
/// </summary>
public sealed class CancelInterrupt(ReplyTexts texts) : IInterrupt
{
    public const string Payload = "flow:cancel";

    public ValueTask<InterruptOutcome?> TryHandleAsync(TurnInput input, DialogStack stack, TurnReplies replies, CancellationToken cancellationToken)
    {
        var asked = input.Event.Payload == Payload || InterruptRules.Says(input, "cancel");
        if (!asked || stack.Frames.Count <= 1)
        {
            return ValueTask.FromResult<InterruptOutcome?>(null);
        }

        var locale = input.State.Locale;
        replies.Add(new TextReply(texts.Get(locale, "engine.cancelled"))
        {
            QuickReplies = [new ReplyAction(texts.Get(locale, "menu.products"), "menu:products"), new ReplyAction(texts.Get(locale, "menu.categories"), "menu:categories")],
        });
        return ValueTask.FromResult<InterruptOutcome?>(new InterruptOutcome(DialogStack.Empty));
    }
}
