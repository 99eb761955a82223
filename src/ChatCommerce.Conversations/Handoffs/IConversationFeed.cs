using ChatCommerce.Domain.Messaging;

namespace ChatCommerce.Conversations.Handoffs;

/// <summary>
/// Tells whoever watches (the staff console, live) that a conversation changed: a message came
/// in or went out, its owner changed, a case opened. Called after the change is committed; must
/// not block or throw (the turn pipeline calls it on every turn).
/// </summary>
public interface IConversationFeed
{
    void Changed(ConversationKey conversation);
}

/// <summary>Nobody watches: a host without the console.</summary>
public sealed class NoConversationFeed : IConversationFeed
{
    public void Changed(ConversationKey conversation)
    {
    }
}
