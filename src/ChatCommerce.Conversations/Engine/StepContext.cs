using ChatCommerce.Conversations.Turns;
using ChatCommerce.Domain.Replies;

namespace ChatCommerce.Conversations.Engine;

/// <summary>What a step sees: the turn's input, its flow's state, a child's result, and where to say things.</summary>
public sealed class StepContext<TState>(TurnInput input, TState state, TurnReplies replies, int attempts, string? childResult, bool resumed, CancellationToken cancellationToken)
{
    public TurnInput Input => input;

    public TState State => state;

    /// <summary>Times the current question has been asked and answered badly.</summary>
    public int Attempts => attempts;

    /// <summary>The result of the child flow this step called, when it returns.</summary>
    public string? ChildResult => childResult;

    /// <summary>True when the step runs because the shopper answered (not because the flow moved on to it).</summary>
    public bool IsAnswer => resumed;

    public CancellationToken CancellationToken => cancellationToken;

    public string Locale => input.State.Locale;

    public string Text => input.Event.Text ?? "";

    public string? Payload => input.Event.Payload;

    /// <summary>The shopper's basket; a step changes it by assigning a new one.</summary>
    public Domain.Orders.Basket Basket
    {
        get => replies.Basket;
        set => replies.Basket = value;
    }

    public void Say(OutboundMessage message) => replies.Add(message);

    /// <summary>The turn's replies (and whether the turn hands the conversation to staff).</summary>
    public TurnReplies Replies => replies;
}
