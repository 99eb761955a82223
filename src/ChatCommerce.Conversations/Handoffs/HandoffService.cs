using ChatCommerce.Conversations.Outbox;
using ChatCommerce.Conversations.State;
using Microsoft.Extensions.Options;
using ChatCommerce.Domain.Messaging;

namespace ChatCommerce.Conversations.Handoffs;

/// <summary>
/// Gives a conversation back to the bot: staff are done, the bot answers the next message afresh,
/// and what the bot held back meanwhile (a shipping notice, a receipt) goes out now.
/// </summary>
public sealed class HandoffService(
    IHandoffQueue queue,
    ConversationStateRepository states,
    IOutboxStore outbox,
    OutboxSender sender,
    PerChannel<Domain.Replies.IThreadControl> threads,
    IOptions<OutboxOptions> options,
    IConversationFeed feed,
    TimeProvider clock)
{
    private const int SaveAttempts = 5;

    /// <summary>False when the conversation was not with staff.</summary>
    /// <param name="note">Why, when not staff's own decision (kept in the bot's state).</param>
    public async Task<bool> ReleaseAsync(ConversationKey conversation, CancellationToken cancellationToken, string? note = null)
    {
        var closed = await queue.CloseAsync(conversation, cancellationToken);
        for (var attempt = 0; attempt < SaveAttempts; attempt++)
        {
            var (state, version) = await states.LoadAsync(conversation, "th", cancellationToken);
            if (state.Owner != ConversationOwner.Staff)
            {
                return closed;
            }

            var released = state with { Owner = ConversationOwner.Bot, StaffId = null, Dialog = Engine.DialogStack.Empty, HandBackNote = note };
            if (await states.TrySaveAsync(conversation, released, version, cancellationToken))
            {
                // The thread went to the staff's app at hand-off: the bot takes it back to answer again.
                if (threads.For(conversation.Channel) is { PassesToStaffApp: true } thread)
                {
                    await thread.TakeAsync(conversation.ChatId, "handed back to the bot", cancellationToken);
                }

                var now = clock.GetUtcNow();
                var held = await outbox.ReleaseHeldAsync(conversation, now, now + options.Value.Lease, cancellationToken);
                if (held.Count > 0)
                {
                    await sender.DeliverAsync(held, cancellationToken);
                }

                feed.Changed(conversation);
                return true;
            }
        }

        throw new InvalidOperationException($"State of {conversation} kept changing; could not hand it back.");
    }

    /// <summary>
    /// Sends what is still held for conversations the bot owns: a hand-back interrupted between
    /// its state change and the release, or a notice held by a writer that read the state just
    /// before a hand-back. Run by the staff job every minute; returns the conversations released.
    /// </summary>
    public async Task<int> ReleaseStrandedAsync(CancellationToken cancellationToken)
    {
        var released = 0;
        foreach (var conversation in await outbox.WithHeldAsync(200, cancellationToken))
        {
            var (state, _) = await states.LoadAsync(conversation, "th", cancellationToken);
            if (state.Owner != ConversationOwner.Bot)
            {
                continue;
            }

            var now = clock.GetUtcNow();
            var held = await outbox.ReleaseHeldAsync(conversation, now, now + options.Value.Lease, cancellationToken);
            if (held.Count > 0)
            {
                await sender.DeliverAsync(held, cancellationToken);
                feed.Changed(conversation);
                released++;
            }
        }

        return released;
    }

    /// <summary>
    /// After a committed turn that changed the owner or carried a platform's handover event: a
    /// chat the turn handed to staff passes its thread to the staff's app where one is set
    /// (Messenger's Page Inbox); a thread passed back to this app while the chat still waits in
    /// the queue (staff finished there) is a hand-back.
    /// </summary>
    public async Task AfterTurnAsync(InboundEvent inbound, ConversationState before, ConversationState after, CancellationToken cancellationToken)
    {
        var conversation = inbound.Conversation;
        if (before.Owner != ConversationOwner.Staff && after.Owner == ConversationOwner.Staff)
        {
            if (threads.For(conversation.Channel) is { PassesToStaffApp: true } thread)
            {
                await thread.PassAsync(conversation.ChatId, "handed to staff", cancellationToken);
            }
        }
        else if (inbound is { Kind: InboundEventKind.Handover, RawType: "pass_thread_control", IsStandby: false } && after.Owner == ConversationOwner.Staff && after.StaffId is null)
        {
            await ReleaseAsync(conversation, cancellationToken, "the thread was passed back to the bot (Page Inbox)");
        }
    }
}
