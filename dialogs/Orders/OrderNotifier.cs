using ChatCommerce.Conversations.Contacts;
using ChatCommerce.Conversations.Outbox;
using ChatCommerce.Conversations.State;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Orders;
using ChatCommerce.Domain.Replies;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Dialogs.Orders;

/// <summary>
/// Tells a customer in chat that their order moved on (shipped, paid, a payment reminder, cancelled).
/// The notice goes into the outbox inside the caller's transaction, so it is stored exactly when
/// the order change is, and is recorded in the customer's interactions; the outbox sender delivers it.
/// </summary>
public sealed class OrderNotifier(OrderReplies replies, IOutboxStore outbox, IContactDirectory contacts, IInteractionLog interactions, ConversationStateRepository states, IOptions<OutboxOptions> options, TimeProvider clock)
{
    /// <summary>Queues the shipping notice; null when the order's channel is unknown.</summary>
    public Task<OutboxMessage?> QueueShippedAsync(Order order, CancellationToken cancellationToken) =>
        QueueAsync(order, [new TextReply(replies.Shipped(order))], $"order:{order.Number}:shipped:{order.TrackingNumber}", "OrderShipped", cancellationToken);

    /// <summary>
    /// Queues messages to the order's customer. <paramref name="seed"/> names this notice for good
    /// (the same seed is the same message to LINE's retry key). While staff own the conversation
    /// the bot says nothing on its own: the notice is held and goes out when staff hand back (if it
    /// is still worth sending then). Null when there is nothing to deliver now.
    /// </summary>
    public Task<OutboxMessage?> QueueAsync(Order order, IReadOnlyList<OutboundMessage> messages, string seed, string kind, CancellationToken cancellationToken) =>
        ChannelNames.TryParse(order.Channel, out var channel)
            ? QueueCoreAsync(new ConversationKey(channel, order.UserId), order.Locale, messages, seed, kind, null, order.Number, cancellationToken)
            : Task.FromResult<OutboxMessage?>(null);

    /// <summary>
    /// As <see cref="QueueAsync"/>, to any conversation (a satisfaction question, a case's notice):
    /// held while staff own it. <paramref name="detail"/> goes on the interaction record.
    /// </summary>
    /// <param name="lifetime">How long it is worth delivering (default: a notice's expiry).</param>
    public Task<OutboxMessage?> QueueToAsync(ConversationKey conversation, string locale, IReadOnlyList<OutboundMessage> messages, string seed, string kind, string? detail, CancellationToken cancellationToken, TimeSpan? lifetime = null) =>
        QueueCoreAsync(conversation, locale, messages, seed, kind, detail, null, cancellationToken, lifetime);

    private async Task<OutboxMessage?> QueueCoreAsync(ConversationKey conversation, string locale, IReadOnlyList<OutboundMessage> messages, string seed, string kind, string? detail, string? orderNumber, CancellationToken cancellationToken, TimeSpan? lifetime = null)
    {
        var contact = await contacts.FindAsync(conversation.Channel, conversation.ChatId, cancellationToken);
        var now = clock.GetUtcNow();
        var entry = new OutboxEntry(conversation, OutboxKind.Notice, messages, seed, now + (lifetime ?? options.Value.NoticeExpiry), LastUserMessageAt: contact?.LastUserMessageAt);
        var text = string.Join("\n", messages.Select(m => m.Describe()));
        var (state, _) = await states.LoadAsync(conversation, locale, cancellationToken);
        if (state.Owner == ConversationOwner.Staff)
        {
            await outbox.AddHeldAsync([entry], now, cancellationToken);
            await interactions.RecordAsync(new Interaction(conversation, InteractionDirection.Outbound, kind + "Held", text, null, now, detail ?? "outbox")
            {
                CustomerId = contact?.CustomerId, UserId = conversation.ChatId, OrderNumber = orderNumber, Outcome = TouchpointOutcomes.Held,
            }, cancellationToken);
            return null;
        }

        var stored = await outbox.AddAsync([entry], now, now + options.Value.Lease, cancellationToken);
        await interactions.RecordAsync(new Interaction(conversation, InteractionDirection.Outbound, kind, text, null, now, detail ?? "outbox")
        {
            CustomerId = contact?.CustomerId, UserId = conversation.ChatId, OrderNumber = orderNumber, Outcome = TouchpointOutcomes.Sent,
        }, cancellationToken);
        return stored[0];
    }

    /// <summary>
    /// False when a notice to this customer could not arrive now: Messenger allows messages the
    /// shop starts only within 24 hours of the customer's last message.
    /// </summary>
    public Task<bool> CanReachAsync(Order order, CancellationToken cancellationToken) =>
        ChannelNames.TryParse(order.Channel, out var channel) ? CanReachAsync(new ConversationKey(channel, order.UserId), cancellationToken) : Task.FromResult(false);

    public async Task<bool> CanReachAsync(ConversationKey conversation, CancellationToken cancellationToken)
    {
        if (conversation.Channel != Channel.Messenger)
        {
            return true;
        }

        var contact = await contacts.FindAsync(conversation.Channel, conversation.ChatId, cancellationToken);
        return contact?.LastUserMessageAt is { } last && clock.GetUtcNow() - last < MessengerWindow;
    }

    /// <summary>Messenger's standard messaging window, less a margin for the send itself.</summary>
    public static readonly TimeSpan MessengerWindow = TimeSpan.FromHours(24) - TimeSpan.FromMinutes(5);
}
