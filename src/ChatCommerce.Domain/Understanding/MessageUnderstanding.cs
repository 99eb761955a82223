namespace ChatCommerce.Domain.Understanding;

/// <summary>What a message means: intent with confidence, sentiment with score, and entities.</summary>
public sealed record MessageUnderstanding(
    string Intent,
    float IntentConfidence,
    string Sentiment,
    float SentimentScore,
    IReadOnlyList<UnderstoodEntity> Entities)
{
    public static MessageUnderstanding None { get; } = new("unknown", 0, "neutral", 1, []);

    /// <summary>
    /// A message that asks for two things in turn ("add 2 more and check out"): each request with
    /// its own words and understanding, in the order written; empty for a message of one request.
    /// </summary>
    public IReadOnlyList<RequestPart> Requests { get; init; } = [];

    /// <summary>A short line for the interaction record, e.g. "intent=browse 0.93; sentiment=neutral 0.88; product=TS-BLK".</summary>
    public string Summary() =>
        $"intent={Intent} {IntentConfidence:0.00}; sentiment={Sentiment} {SentimentScore:0.00}"
        + string.Concat(Entities.Select(e => $"; {e.Type}={e.Value}"));
}

public sealed record UnderstoodEntity(string Type, string Value, string Text);

/// <summary>One of several requests in a message: its words and what they mean.</summary>
public sealed record RequestPart(string Text, MessageUnderstanding Understanding);
