using ChatCommerce.Conversations.Turns;

namespace ChatCommerce.Dialogs.Interrupts;

public static class InterruptRules
{
    /// <summary>
    /// An interrupt taken from the intent alone leaves the question in progress, so it needs a
    /// confident intent: a name like "แก้ว" typed at the name question is a weak guess of cancel
    /// (0.3) and must stay an answer.
    /// </summary>
    public const float MinimumConfidence = 0.7f;

    /// <summary>Typed text (not a button) whose intent is <paramref name="intent"/> with confidence.</summary>
    public static bool Says(TurnInput input, string intent) =>
        input.Event.Payload is null && input.Understanding.Intent == intent && input.Understanding.IntentConfidence >= MinimumConfidence;
}
