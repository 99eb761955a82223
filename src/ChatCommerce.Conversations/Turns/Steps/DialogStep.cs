using ChatCommerce.Conversations.Contacts;
using ChatCommerce.Conversations.Outbox;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Replies;
using ChatCommerce.Domain.Shop;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Conversations.Turns.Steps;

/// <summary>
/// The turn itself: the dialog decides the replies and the next state. Replies become one outbox
/// message (sent after the commit) and outbound interactions. When the dialog is slow the shopper
/// sees the typing indicator; that call is best effort and never fails the turn.
/// </summary>
public sealed class DialogStep(
    ITurnHandler handler,
    PerChannel<IChannelGateway> gateways,
    IOptions<PipelineOptions> pipeline,
    IOptions<OutboxOptions> outbox,
    IOptions<ShopOptions> shop) : ITurnStep
{
    public async ValueTask RunAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var inbound = turn.Event;
        var state = turn.IsNewState
            ? turn.State with { Locale = Locales.Initial(turn.Contact?.Language, shop.Value.DefaultLocale) }
            : turn.State;
        if (turn.WrittenLocale is { } written && written != state.Locale)
        {
            // The reply language follows what the customer writes, whatever their profile says.
            state = state with { Locale = written };
        }

        var context = new OutboundContext(inbound.Conversation, inbound.Channel.Name() + ":" + inbound.EventId, LastUserMessageAt: turn.Contact?.LastUserMessageAt);

        // The typing indicator when the dialog is slow, or before every turn with a delay of 0.
        // No cancellation exception on the fast path: the delay is left to lapse.
        var delay = pipeline.Value.TypingDelay;
        if (delay <= TimeSpan.Zero && !turn.TypingShown)
        {
            await ShowTypingAsync(turn, context);
        }

        var turnTask = handler.HandleAsync(new TurnInput(inbound, state, turn.Contact, turn.Understanding), cancellationToken);
        if (delay > TimeSpan.Zero && !turn.TypingShown && !turnTask.IsCompleted)
        {
            using var lapse = new CancellationTokenSource();
            var slow = Task.Delay(delay, lapse.Token);
            if (await Task.WhenAny(turnTask, slow) == slow)
            {
                _ = ShowTypingAsync(turn, context);
            }

            await lapse.CancelAsync();
        }

        var outcome = await turnTask;
        turn.NextState = outcome.State with { Turns = turn.State.Turns + 1 };
        turn.Effects.Basket = outcome.Basket;
        turn.Effects.Nudge = outcome.Nudge;
        var handedOff = turn.NextState.Owner == State.ConversationOwner.Staff;
        turn.Effects.SetInboundOutcome(handedOff ? TouchpointOutcomes.HandedOff : outcome.Replies.Count == 0 ? TouchpointOutcomes.NoReply : TouchpointOutcomes.Replied);
        if (outcome.Replies.Count == 0)
        {
            turn.Effects.Note = "no reply";
            return;
        }

        turn.Effects.Outbox.Add(new OutboxEntry(
            inbound.Conversation,
            OutboxKind.Reply,
            outcome.Replies,
            context.IdempotencySeed,
            turn.Now + outbox.Value.ReplyExpiry,
            inbound.ReplyToken,
            inbound.ReplyToken is null ? null : turn.Item.ReceivedAt,
            inbound.Timestamp,
            turn.Contact?.LastUserMessageAt,
            InResponse: inbound.Kind is InboundEventKind.Message or InboundEventKind.Postback));
        // In a one-to-one chat the replies reach the sender's customer; in a group, nobody's in particular.
        var user = inbound.IsOneToOne ? inbound.SenderId : null;
        var customer = user is null ? null : turn.Contact?.CustomerId;
        foreach (var reply in outcome.Replies)
        {
            turn.Effects.Interactions.Add(new Interaction(inbound.Conversation, InteractionDirection.Outbound, reply.GetType().Name, Describe(reply), null, turn.Now)
            {
                CustomerId = customer,
                UserId = user,
                Outcome = TouchpointOutcomes.Sent,
            });
        }
    }

    /// <summary>Once per event, bounded by its own time-out; the gateway never throws for it.</summary>
    private async Task ShowTypingAsync(TurnContext turn, OutboundContext context)
    {
        if (gateways.For(turn.Event.Channel) is not { } gateway)
        {
            return;
        }

        turn.TypingShown = true;
        using var timeout = new CancellationTokenSource(pipeline.Value.TypingTimeout);
        await gateway.ShowTypingAsync(context, timeout.Token);
    }

    private static string Describe(OutboundMessage reply) => reply.Describe();
}
