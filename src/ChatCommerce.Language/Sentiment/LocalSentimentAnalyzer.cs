using ChatCommerce.Language.Classification;
using ChatCommerce.Language.Training;

namespace ChatCommerce.Language.Sentiment;

/// <summary>Sentiment from the local model trained on <c>dialogs/nlu/sentiment.tsv</c>.</summary>
public sealed class LocalSentimentAnalyzer : ISentimentAnalyzer
{
    private readonly TextClassifier _classifier;

    public LocalSentimentAnalyzer(TextClassifier classifier)
    {
        var strays = classifier.Labels.Except(SentimentResult.Labels).ToList();
        if (strays.Count > 0)
        {
            throw new InvalidOperationException($"Training data has labels that are not sentiments: {string.Join(", ", strays)}.");
        }

        _classifier = classifier;
    }

    public static LocalSentimentAnalyzer FromEmbeddedData(string? cacheDirectory) =>
        new(TextClassifier.TrainOrLoad(LabeledTextFile.ReadEmbedded("nlu.sentiment.tsv", "sentiment"), "sentiment", cacheDirectory));

    public SentimentResult Analyze(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new SentimentResult(SentimentResult.Neutral, 1);
        }

        var (label, score) = _classifier.Classify(text)[0];
        return new SentimentResult(label, score);
    }

    public Task<SentimentResult> AnalyzeAsync(string text, string? language, CancellationToken cancellationToken) =>
        Task.FromResult(Analyze(text));
}
