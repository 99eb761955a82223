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
public sealed class EngineTurnHandler(DialogEngine engine, ReplyTexts texts, ShopReplies shop, Domain.Promotions.IBasketActivity baskets, TimeProvider clock) : ITurnHandler
{
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
            return new TurnOutcome([reply], input.State with { Locale = locale });
        }

        var outcome = await RunAsync(input, cancellationToken);
        var state = input.State with
        {
            Dialog = outcome.Stack,
            Basket = shop.ShownNudge is { } nudged ? outcome.Basket with { LastNudge = nudged } : outcome.Basket,
            Owner = outcome.HandToStaff ? ConversationOwner.Staff : input.State.Owner,
        };
        // Last, with nothing else to await before the commit (see ShopReplies.TakeWrites).
        foreach (var write in shop.TakeWrites())
        {
            await write(cancellationToken);
        }

        if (!input.State.Basket.SameContent(outcome.Basket))
        {
            // For the reminder job: inside the turn's transaction, with the rest of its effects.
            await baskets.ChangedAsync(input.Event.Conversation, input.Contact?.CustomerId, state.Locale, outcome.Basket, clock.GetUtcNow(), cancellationToken);
        }

        return new TurnOutcome(outcome.Replies, state);
    }

    /// <summary>
    /// One run of the engine, or, for a message of two requests ("add 2 more and check out") written
    /// while no question is open, one run for each in the order written. When the first asks
    /// something back (which size?), the second is left: the shopper answers first.
    /// </summary>
    private async ValueTask<EngineOutcome> RunAsync(TurnInput input, CancellationToken cancellationToken)
    {
        if (input.Understanding.Requests.Count < 2 || !Idle(input.State.Dialog))
        {
            return await engine.RunAsync(input, input.State.Dialog, cancellationToken);
        }

        var replies = new List<Domain.Replies.OutboundMessage>();
        var state = input.State;
        EngineOutcome? outcome = null;
        foreach (var part in input.Understanding.Requests)
        {
            var partInput = input with { Event = input.Event with { Text = part.Text }, State = state, Understanding = part.Understanding };
            outcome = await engine.RunAsync(partInput, state.Dialog, cancellationToken);
            replies.AddRange(outcome.Replies);
            state = state with { Dialog = outcome.Stack, Basket = outcome.Basket };
            if (outcome.HandToStaff || !Idle(outcome.Stack))
            {
                break;
            }
        }

        return outcome! with { Replies = replies };
    }

    /// <summary>No question is open: the conversation rests at the root flow's first step.</summary>
    private static bool Idle(DialogStack stack) =>
        stack.Top is null || (stack.Frames.Count == 1 && stack.Top.Flow == Welcome.WelcomeFlow.FlowId && stack.Top.Step == "start");
}
