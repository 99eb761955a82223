using ChatCommerce.Conversations.State;
using ChatCommerce.Domain.Messaging;

namespace ChatCommerce.Conversations.Handoffs;

/// <summary>Gives a conversation back to the bot: staff are done, the bot answers the next message afresh.</summary>
public sealed class HandoffService(IHandoffQueue queue, ConversationStateRepository states)
{
    private const int SaveAttempts = 5;

    /// <summary>False when the conversation was not with staff.</summary>
    public async Task<bool> ReleaseAsync(ConversationKey conversation, CancellationToken cancellationToken)
    {
        var closed = await queue.CloseAsync(conversation, cancellationToken);
        for (var attempt = 0; attempt < SaveAttempts; attempt++)
        {
            var (state, version) = await states.LoadAsync(conversation, "th", cancellationToken);
            if (state.Owner != ConversationOwner.Staff)
            {
                return closed;
            }

            var released = state with { Owner = ConversationOwner.Bot, StaffId = null, Dialog = Engine.DialogStack.Empty };
            if (await states.TrySaveAsync(conversation, released, version, cancellationToken))
            {
                return true;
            }
        }

        throw new InvalidOperationException($"State of {conversation} kept changing; could not hand it back.");
    }
}
