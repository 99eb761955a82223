using ChatCommerce.Conversations.Engine;
using ChatCommerce.Conversations.Turns;
using ChatCommerce.Dialogs.Payments;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Orders;
using ChatCommerce.Domain.Replies;

namespace ChatCommerce.Dialogs.Interrupts;

/// <summary>
/// Payment at any point of a conversation, leaving the question in progress where it was:
/// a picture sent while an order of the shopper's waits for payment is its slip; "pay another
/// way" buttons (<c>paywith:{number}:{method}</c>) show how to pay that way; asking about payment
/// while an order is unpaid shows how to pay it.
/// </summary>
public sealed class PaymentInterrupt(PaymentDesk desk, PaymentReplies replies, IOrderStore orders) : IInterrupt
{
    public async ValueTask<InterruptOutcome?> TryHandleAsync(TurnInput input, DialogStack stack, TurnReplies turn, CancellationToken cancellationToken)
    {
        var e = input.Event;
        var conversation = e.Conversation;
        if (e.Payload is { } payload && payload.StartsWith(PaymentReplies.PayWithPrefix, StringComparison.Ordinal))
        {
            var parts = payload[PaymentReplies.PayWithPrefix.Length..].Split(':');
            var order = parts.Length == 2 ? await orders.GetAsync(parts[0], cancellationToken) : null;
            if (order is null || order.Channel != conversation.ChannelName || order.UserId != conversation.ChatId)
            {
                turn.Add(new TextReply(replies.Texts.Get(input.State.Locale, "checkout.stale")));
                return new InterruptOutcome(stack);
            }

            var messages = await desk.OfferAsync(order, parts[1], cancellationToken);
            foreach (var message in messages.Count > 0 ? messages : [new TextReply(Status(order))])
            {
                turn.Add(message);
            }

            return new InterruptOutcome(stack);
        }

        // A picture sent for a complaint (its photo question) is the complaint's, not a slip.
        var slip = e.Kind == InboundEventKind.Message && e.ContentType == MessageContentType.Image
            && stack.Top is not { Flow: Complaints.ComplaintFlow.FlowId, Step: "photo" };
        // Typed payment words inside a checkout answer its payment question instead.
        var asks = InterruptRules.Says(input, "payment") && stack.Top?.Flow != Checkout.CheckoutFlow.FlowId;
        if (!slip && !asks)
        {
            return null;
        }

        // The newest order still waiting for its money (a slip may also follow one under review).
        var waiting = (await orders.ForCustomerAsync(conversation.ChannelName, conversation.ChatId, 5, cancellationToken))
            .FirstOrDefault(o => o.Status == OrderStatus.AwaitingPayment && o.PaymentState is PaymentState.Unpaid or PaymentState.Verifying);
        if (waiting is null)
        {
            return null;
        }

        var answer = slip
            ? await desk.ReceiveSlipAsync(e, waiting, cancellationToken)
            : waiting.PaymentState == PaymentState.Verifying
                ? [new TextReply(replies.Say(waiting, "payment.slip_received"))]
                : await desk.OfferAsync(waiting, waiting.PaymentMethod, cancellationToken);
        if (answer.Count == 0)
        {
            return null;
        }

        foreach (var message in answer)
        {
            turn.Add(message);
        }

        return new InterruptOutcome(stack);
    }

    private string Status(Order order) =>
        order.PaymentState == PaymentState.Paid
            ? replies.Say(order, "payment.already_paid")
            : replies.Texts.Get(order.Locale, "orders.line", ("number", order.Number), ("date", ""), ("total", new Domain.Catalog.Money(order.TotalSatang).ToDisplay()), ("status", replies.Texts.Get(order.Locale, "status." + order.Status)), ("tracking", ""));
}
