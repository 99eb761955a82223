using ChatCommerce.Conversations.Engine;
using ChatCommerce.Conversations.State;
using ChatCommerce.Conversations.Turns;
using ChatCommerce.Domain.Replies;
using ChatCommerce.Dialogs.Shopping;

namespace ChatCommerce.Dialogs;

/// <summary>
/// The turn handler the pipeline calls: switches language when asked (a setting of the whole
/// conversation, not of a flow), otherwise runs the dialog engine on the conversation's stack.
/// </summary>
public sealed class EngineTurnHandler(
    DialogEngine engine,
    ReplyTexts texts,
    ShopReplies shop,
    Domain.Understanding.IMessageUnderstander understander,
    TimeProvider clock) : ITurnHandler
{
    /// <summary>How many turns a waiting request outlives the question that held it back.</summary>
    public const int WaitingTurns = 3;

    public async Task<TurnOutcome> HandleAsync(TurnInput input, CancellationToken cancellationToken)
    {
        shop.Shopper = ShopReplies.CustomerOf(input.Contact);
        shop.ShopperHasOrdered = input.Contact?.CustomerOrders > 0;
        shop.PreviousNudge = input.State.Basket.LastNudge;
        shop.Conversation = input.Event.Conversation.ToString();
        if (input.Event.Payload is "lang:en" or "lang:th")
        {
            var locale = input.Event.Payload[5..];
            var reply = shop.WithMenu(new TextReply(texts.Get(locale, "language.switched")), locale, input.State.Basket);
            return new TurnOutcome([reply], input.State with { Locale = locale }) { Nudge = shop.TakeStartedNudge() };
        }

        var (outcome, waiting) = await RunAsync(input, cancellationToken);
        var state = input.State with
        {
            Dialog = outcome.Stack,
            Basket = shop.ShownNudge is { } nudged ? outcome.Basket with { LastNudge = nudged } : outcome.Basket,
            Owner = outcome.HandToStaff ? ConversationOwner.Staff : input.State.Owner,
            Waiting = waiting,
        };
        // Last, with nothing else to await before the commit (see ShopReplies.TakeWrites).
        foreach (var write in shop.TakeWrites())
        {
            await write(cancellationToken);
        }

        return new TurnOutcome(outcome.Replies, state)
        {
            // For the reminder job and the nudge experiment: committed with the turn's other effects.
            Basket = input.State.Basket.SameContent(outcome.Basket) ? null : Domain.Promotions.BasketChange.Of(input.Event.Conversation, input.Contact?.CustomerId, state.Locale, outcome.Basket, clock.GetUtcNow()),
            Nudge = shop.TakeStartedNudge(),
        };
    }

    /// <summary>
    /// One run of the engine, or, for a message of two requests ("add 2 more and check out") written
    /// while no question is open, one run for each in the order written. When the first asks
    /// something back (which size?), the second waits (<see cref="ConversationState.Waiting"/>) and
    /// is done in the turn that answers the question; a cancel, a hand-over to staff, or
    /// <see cref="WaitingTurns"/> turns without an answer drop it.
    /// </summary>
    private async ValueTask<(EngineOutcome Outcome, WaitingRequest? Waiting)> RunAsync(TurnInput input, CancellationToken cancellationToken)
    {
        if (input.Understanding.Requests.Count < 2 || !Idle(input.State.Dialog))
        {
            var single = await engine.RunAsync(input, input.State.Dialog, cancellationToken);
            return await ResumeAsync(input, single, cancellationToken);
        }

        var replies = new List<Domain.Replies.OutboundMessage>();
        var state = input.State;
        EngineOutcome? outcome = null;
        WaitingRequest? waiting = null;
        var parts = input.Understanding.Requests;
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            var partInput = input with { Event = input.Event with { Text = part.Text }, State = state, Understanding = part.Understanding };
            outcome = await engine.RunAsync(partInput, state.Dialog, cancellationToken);
            replies.AddRange(outcome.Replies);
            state = state with { Dialog = outcome.Stack, Basket = outcome.Basket };
            if (outcome.HandToStaff)
            {
                break;
            }

            if (!Idle(outcome.Stack))
            {
                waiting = i + 1 < parts.Count ? new WaitingRequest(string.Join(' ', parts.Skip(i + 1).Select(p => p.Text)), input.State.Turns) : null;
                break;
            }
        }

        return (outcome! with { Replies = replies }, waiting);
    }

    /// <summary>After a turn that answered the question a request waited behind, that request's turn.</summary>
    private async ValueTask<(EngineOutcome Outcome, WaitingRequest? Waiting)> ResumeAsync(TurnInput input, EngineOutcome outcome, CancellationToken cancellationToken)
    {
        if (input.State.Waiting is not { } waiting
            || outcome.HandToStaff
            || input.Event.Payload == Interrupts.CancelInterrupt.Payload
            || Interrupts.InterruptRules.Says(input, "cancel")
            || input.State.Turns - waiting.Turn > WaitingTurns)
        {
            return (outcome, null);
        }

        if (!Idle(outcome.Stack))
        {
            return (outcome, waiting);
        }

        var state = input.State with { Dialog = outcome.Stack, Basket = outcome.Basket, Waiting = null };
        var understanding = await understander.UnderstandAsync(waiting.Text, state.Locale, cancellationToken);
        var resumedInput = input with { Event = input.Event with { Kind = Domain.Messaging.InboundEventKind.Message, Text = waiting.Text, Payload = null }, State = state, Understanding = understanding };
        var resumed = await engine.RunAsync(resumedInput, state.Dialog, cancellationToken);
        return (resumed with { Replies = [.. outcome.Replies, .. resumed.Replies] }, null);
    }

    /// <summary>No question is open: the conversation rests at the root flow's first step.</summary>
    private static bool Idle(DialogStack stack) =>
        stack.Top is null || (stack.Frames.Count == 1 && stack.Top.Flow == Welcome.WelcomeFlow.FlowId && stack.Top.Step == "start");
}
