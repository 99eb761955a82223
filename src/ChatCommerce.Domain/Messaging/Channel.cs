namespace ChatCommerce.Domain.Messaging;

/// <summary>The chat platform a conversation lives on. Persisted as its name.</summary>
public enum Channel
{
    Line,
    Messenger,
}
