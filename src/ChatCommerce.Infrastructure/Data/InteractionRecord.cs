namespace ChatCommerce.Infrastructure.Data;

/// <summary>One touchpoint (table <c>touchpoints</c>): a message in or out, or an order placed, on the customer's record.</summary>
public sealed class InteractionRecord
{
    public long Id { get; set; }

    public required string Conversation { get; set; }

    public required string Direction { get; set; }

    public required string Kind { get; set; }

    public string? Text { get; set; }

    public string? MessageId { get; set; }

    public long AtMs { get; set; }

    /// <summary>Entities understood in it ("product=TS-BLK; size=M"), or who acted ("staff:3").</summary>
    public string? Detail { get; set; }

    public string? CustomerId { get; set; }

    public string Channel { get; set; } = "";

    public string? UserId { get; set; }

    public string? Intent { get; set; }

    public double? IntentConfidence { get; set; }

    public string? Sentiment { get; set; }

    public double? SentimentScore { get; set; }

    public string? OrderNumber { get; set; }

    public string? Outcome { get; set; }

    /// <summary>The shopper unsent it: the text is gone, the fact that something was said stays.</summary>
    public bool Unsent { get; set; }
}
