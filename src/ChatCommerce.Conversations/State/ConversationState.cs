namespace ChatCommerce.Conversations.State;

/// <summary>
/// What the bot remembers about one conversation between turns. Typed, versioned by the store,
/// serialized with source generation (<see cref="ConversationJson"/>).
/// </summary>
public sealed record ConversationState
{
    public string Locale { get; init; } = "th";

    public ConversationOwner Owner { get; init; } = ConversationOwner.Bot;

    public string? StaffId { get; init; }

    /// <summary>Why the bot has the conversation back, when it was not staff who said so ("idle 120 min").</summary>
    public string? HandBackNote { get; init; }

    public int Turns { get; init; }

    /// <summary>The flows in progress.</summary>
    public Engine.DialogStack Dialog { get; init; } = Engine.DialogStack.Empty;

    /// <summary>What the shopper has picked and not yet ordered.</summary>
    public Domain.Orders.Basket Basket { get; init; } = Domain.Orders.Basket.Empty;

    /// <summary>Timestamp (ms) of the newest event handled, to notice late arrivals.</summary>
    public long LastEventTimestamp { get; init; }

    /// <summary>
    /// The second request of a message whose first asked something back ("a white tee and check
    /// out" → which size?): done once the question is answered.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public WaitingRequest? Waiting { get; init; }
}

/// <summary>A request that waits for the shopper to answer a question; <see cref="Turn"/> is the turn that asked it.</summary>
public sealed record WaitingRequest(string Text, int Turn);
