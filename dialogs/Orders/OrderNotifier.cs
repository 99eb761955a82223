using ChatCommerce.Conversations.Contacts;
using ChatCommerce.Conversations.Outbox;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Orders;
using ChatCommerce.Domain.Replies;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Dialogs.Orders;

/// <summary>
/// Tells a customer in chat that their order moved on (today: shipped, with the tracking number).
/// The notice goes into the outbox inside the caller's transaction, so it is stored exactly when
/// the order change is, and is recorded in the customer's interactions; the outbox sender delivers it.
/// </summary>
public sealed class OrderNotifier(OrderReplies replies, IOutboxStore outbox, IContactDirectory contacts, IInteractionLog interactions, IOptions<OutboxOptions> options, TimeProvider clock)
{
    /// <summary>Queues the shipping notice; null when the order's channel is unknown.</summary>
    public async Task<OutboxMessage?> QueueShippedAsync(Order order, CancellationToken cancellationToken)
    {
        if (!ChannelNames.TryParse(order.Channel, out var channel))
        {
            return null;
        }

        var conversation = new ConversationKey(channel, order.UserId);
        var contact = await contacts.FindAsync(channel, order.UserId, cancellationToken);
        var message = new TextReply(replies.Shipped(order));
        var now = clock.GetUtcNow();
        var entry = new OutboxEntry(
            conversation, OutboxKind.Notice, [message], $"order:{order.Number}:shipped:{order.TrackingNumber}", now + options.Value.NoticeExpiry,
            LastUserMessageAt: contact?.LastUserMessageAt);
        var stored = await outbox.AddAsync([entry], now, now + options.Value.Lease, cancellationToken);
        await interactions.RecordAsync(new Interaction(conversation, InteractionDirection.Outbound, "OrderShipped", message.Text, null, now, "outbox"), cancellationToken);
        return stored[0];
    }
}
