using ChatCommerce.Domain.Replies;

namespace ChatCommerce.Conversations.Engine;

/// <summary>The replies a turn has collected so far.</summary>
public sealed class TurnReplies
{
    private readonly List<OutboundMessage> _messages = [];

    public IReadOnlyList<OutboundMessage> Messages => _messages;

    public void Add(OutboundMessage message) => _messages.Add(message);
}
