using ChatCommerce.Conversations.Contacts;
using ChatCommerce.Conversations.Outbox;
using ChatCommerce.Conversations.State;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Ports;
using ChatCommerce.Domain.Replies;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Conversations.Handoffs;

/// <summary>A conversation as the staff's list shows it: who owns it, and who the customer is.</summary>
/// <param name="Owner">"bot"; "queue" (handed to staff, nobody took it yet); "staff" (a named person has it).</param>
public sealed record ConversationSummary(ConversationKey Conversation, string? DisplayName, DateTimeOffset? LastUserMessageAt, string Owner, string? StaffId);

/// <summary>Lists conversations, newest customer message first, with their owner.</summary>
public interface IConversationList
{
    Task<IReadOnlyList<ConversationSummary>> ListAsync(string? owner, int skip, int take, CancellationToken cancellationToken);
}

/// <summary>
/// What staff do with a conversation: take it over (the bot goes silent; on Messenger this app
/// takes the thread back from another app that holds it), reply (through the
/// outbox: a LINE push with its retry key; on Messenger inside the 24 hours, or tagged HUMAN_AGENT
/// up to 7 days), and hand it back (<see cref="HandoffService"/>).
/// </summary>
public sealed class StaffDesk(
    ConversationStateRepository states,
    IHandoffQueue queue,
    IOutboxStore outbox,
    OutboxSender sender,
    IContactDirectory contacts,
    IInteractionLog interactions,
    IUnitOfWork unitOfWork,
    PerChannel<IThreadControl> threads,
    IOptions<OutboxOptions> options,
    IConversationFeed feed,
    TimeProvider clock)
{
    private const int SaveAttempts = 5;

    /// <summary>The owner as staff read it.</summary>
    public static string OwnerName(ConversationState state) =>
        state.Owner == ConversationOwner.Bot ? "bot" : state.StaffId is null ? "queue" : "staff";

    /// <summary>A staff member takes the conversation: from the bot or the queue, or from a colleague.</summary>
    public async Task<ConversationState> TakeOverAsync(ConversationKey conversation, string staffId, CancellationToken cancellationToken)
    {
        await queue.RequestAsync(conversation, "takeover", null, cancellationToken);
        for (var attempt = 0; attempt < SaveAttempts; attempt++)
        {
            var (state, version) = await states.LoadAsync(conversation, "th", cancellationToken);
            var taken = state with { Owner = ConversationOwner.Staff, StaffId = staffId };
            if (await states.TrySaveAsync(conversation, taken, version, cancellationToken))
            {
                // On Messenger the thread may sit with Meta's Page Inbox: take it, so staff replies go out.
                if (threads.For(conversation.Channel) is { } thread)
                {
                    await thread.TakeAsync(conversation.ChatId, "staff " + staffId, cancellationToken);
                }

                await interactions.RecordAsync(new Interaction(conversation, InteractionDirection.Outbound, "StaffTookOver", null, null, clock.GetUtcNow(), "staff:" + staffId), cancellationToken);
                feed.Changed(conversation);
                return taken;
            }
        }

        throw new InvalidOperationException($"State of {conversation} kept changing; could not take it over.");
    }

    /// <summary>
    /// Sends what staff wrote. Null when staff do not own the conversation (take it over first);
    /// else what became of the message (Pushed, Replied, Queued for a retry, NotAllowed …).
    /// </summary>
    public Task<string?> ReplyAsync(ConversationKey conversation, string? staffId, string text, CancellationToken cancellationToken) =>
        ReplyAsync(conversation, staffId, [new TextReply(text)], cancellationToken);

    /// <summary>As <see cref="ReplyAsync(ConversationKey, string?, string, CancellationToken)"/>, with any messages (quick replies, a product card).</summary>
    public async Task<string?> ReplyAsync(ConversationKey conversation, string? staffId, IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken)
    {
        var (state, _) = await states.LoadAsync(conversation, "th", cancellationToken);
        if (state.Owner != ConversationOwner.Staff)
        {
            return null;
        }

        var contact = await contacts.FindAsync(conversation.Channel, conversation.ChatId, cancellationToken);
        var now = clock.GetUtcNow();
        var entry = new OutboxEntry(
            conversation, OutboxKind.StaffReply, messages, $"staff:{conversation}:{Guid.NewGuid():N}", now + options.Value.StaffReplyExpiry,
            LastUserMessageAt: contact?.LastUserMessageAt);
        IReadOnlyList<OutboxMessage> stored;
        await using (var transaction = await unitOfWork.BeginAsync(cancellationToken))
        {
            stored = await outbox.AddAsync([entry], now, now + options.Value.Lease, cancellationToken);
            await interactions.RecordAsync(new Interaction(conversation, InteractionDirection.Outbound, "StaffReply", string.Join("\n", messages.Select(m => m.Describe())), null, now, "staff:" + (staffId ?? state.StaffId ?? "")), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var outcome = (await sender.DeliverAsync(stored, cancellationToken))[stored[0].Id];
        feed.Changed(conversation);
        return outcome;
    }
}
