namespace ChatCommerce.Infrastructure.Data;

/// <summary>One touchpoint: a message in or out, on the customer's record.</summary>
public sealed class InteractionRecord
{
    public long Id { get; set; }

    public required string Conversation { get; set; }

    public required string Direction { get; set; }

    public required string Kind { get; set; }

    public string? Text { get; set; }

    public string? MessageId { get; set; }

    public long AtMs { get; set; }

    public string? Detail { get; set; }

    /// <summary>The shopper unsent it: the text is gone, the fact that something was said stays.</summary>
    public bool Unsent { get; set; }
}
