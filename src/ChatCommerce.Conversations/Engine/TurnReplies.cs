using ChatCommerce.Domain.Orders;
using ChatCommerce.Domain.Replies;

namespace ChatCommerce.Conversations.Engine;

/// <summary>The replies a turn has collected so far, and the basket as the turn left it.</summary>
public sealed class TurnReplies(Basket basket)
{
    private readonly List<OutboundMessage> _messages = [];

    public TurnReplies()
        : this(Basket.Empty)
    {
    }

    /// <summary>The basket, changed by steps during the turn; saved with the conversation.</summary>
    public Basket Basket { get; set; } = basket;

    public IReadOnlyList<OutboundMessage> Messages => _messages;

    /// <summary>
    /// A step put the conversation in the staff queue (it asked the queue itself): staff own the
    /// conversation after this turn and the bot is silent.
    /// </summary>
    public bool HandToStaff { get; set; }

    public void Add(OutboundMessage message) => _messages.Add(message);
}
