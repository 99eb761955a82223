namespace ChatCommerce.Language.Sentiment;

/// <summary>negative, neutral or positive, with the probability of that label (0–1).</summary>
public sealed record SentimentResult(string Label, float Score)
{
    public const string Negative = "negative";
    public const string Neutral = "neutral";
    public const string Positive = "positive";

    public static IReadOnlyList<string> Labels { get; } = [Negative, Neutral, Positive];
}
