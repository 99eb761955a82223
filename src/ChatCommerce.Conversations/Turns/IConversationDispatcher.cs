using ChatCommerce.Domain.Messaging;

namespace ChatCommerce.Conversations.Turns;

/// <summary>Asks for a conversation's pending events to be handled, soon.</summary>
public interface IConversationDispatcher
{
    void Schedule(ConversationKey conversation, TimeSpan delay);
}
