using ChatCommerce.Conversations.Contacts;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Orders;
using ChatCommerce.Domain.Replies;

namespace ChatCommerce.Dialogs.Orders;

/// <summary>
/// Tells a customer in chat that their order moved on (today: shipped, with the tracking number).
/// A push outside any turn, with a seed per order and status so a repeated call never sends twice
/// on LINE (same retry key); recorded in the customer's interactions.
/// </summary>
public sealed class OrderNotifier(OrderReplies replies, IEnumerable<IChannelGateway> gateways, IContactDirectory contacts, IInteractionLog interactions, TimeProvider clock)
{
    public async Task<SendOutcome> ShippedAsync(Order order, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<Channel>(order.Channel, ignoreCase: true, out var channel) || gateways.FirstOrDefault(g => g.Channel == channel) is not { } gateway)
        {
            return new SendOutcome(SendStatus.Unreachable, $"no gateway for channel '{order.Channel}'");
        }

        var conversation = new ConversationKey(channel, order.UserId);
        var contact = await contacts.FindAsync(channel, order.UserId, cancellationToken);
        var message = new TextReply(replies.Shipped(order));
        var context = new OutboundContext(conversation, $"order:{order.Number}:shipped:{order.TrackingNumber}", LastUserMessageAt: contact?.LastUserMessageAt);
        var outcome = await gateway.SendAsync(context, [message], cancellationToken);
        await interactions.RecordAsync(
            new Interaction(conversation, InteractionDirection.Outbound, "OrderShipped", message.Text, null, clock.GetUtcNow(), outcome.Status.ToString()),
            cancellationToken);
        return outcome;
    }
}
