namespace ChatCommerce.Conversations.State;

public enum ConversationOwner
{
    Bot,
    Staff,
}
