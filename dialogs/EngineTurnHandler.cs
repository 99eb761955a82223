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

        var outcome = await engine.RunAsync(input, input.State.Dialog, cancellationToken);
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
}
