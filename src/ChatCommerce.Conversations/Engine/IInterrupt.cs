using ChatCommerce.Conversations.Turns;

namespace ChatCommerce.Conversations.Engine;

/// <summary>
/// Checked on every turn before the current step (cancel, help/menu, talk to staff). Returns the
/// new dialog stack when it handled the message, or null to let the step have it.
/// </summary>
public interface IInterrupt
{
    ValueTask<InterruptOutcome?> TryHandleAsync(TurnInput input, DialogStack stack, TurnReplies replies, CancellationToken cancellationToken);
}

/// <summary>The stack after the interrupt, and whether staff should now own the conversation.</summary>
public sealed record InterruptOutcome(DialogStack Stack, bool HandToStaff = false);
