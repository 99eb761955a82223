using ChatCommerce.Language.Classification;
using ChatCommerce.Language.Training;

namespace ChatCommerce.Language.Sentiment;

/// <summary>
/// Sentiment from the local model trained on <c>dialogs/nlu/sentiment.tsv</c>, with the words of
/// <c>dialogs/nlu/sentiment-lexicon.tsv</c> as extra evidence: each net lexicon point adds
/// <see cref="LexiconWeight"/> to the probability of its side (at most <see cref="MaxPoints"/>), then the
/// probabilities are scaled back to sum to one. Praise next to a problem ("ดีจังเลยนะ ส่งผิดมาอีกแล้ว",
/// "great job losing my parcel") is sarcasm or a complaint with manners: the problem decides, unless
/// the customer turns with a "but" ("was worried it would be small, but it fits great"): then what
/// follows it decides. A problem and praise both denied ("not bad, not great either") is lukewarm
/// and leans neutral.
/// </summary>
public sealed class LocalSentimentAnalyzer : ISentimentAnalyzer
{
    public const float LexiconWeight = 0.5f;

    /// <summary>The most lexicon points a message can carry either way.</summary>
    public const int MaxPoints = 3;

    private readonly TextClassifier _classifier;
    private readonly SentimentLexicon? _lexicon;

    public LocalSentimentAnalyzer(TextClassifier classifier, SentimentLexicon? lexicon = null)
    {
        var strays = classifier.Labels.Except(SentimentResult.Labels).ToList();
        if (strays.Count > 0)
        {
            throw new InvalidOperationException($"Training data has labels that are not sentiments: {string.Join(", ", strays)}.");
        }

        _classifier = classifier;
        _lexicon = lexicon;
    }

    public const string ModelName = "sentiment";

    public static LocalSentimentAnalyzer FromEmbeddedData(string? cacheDirectory) =>
        new(TextClassifier.TrainOrLoad(TrainingData(), ModelName, cacheDirectory), SentimentLexicon.FromEmbeddedData());

    /// <summary><c>dialogs/nlu/sentiment.tsv</c>.</summary>
    public static IReadOnlyList<LabeledText> TrainingData() => LabeledTextFile.ReadEmbedded("nlu.sentiment.tsv", "sentiment");

    public SentimentResult Analyze(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new SentimentResult(SentimentResult.Neutral, 1);
        }

        var scores = _classifier.Classify(text);
        var reading = _lexicon?.Read(text) ?? default;
        var (positive, negative) = (reading.Positive, reading.Negative);
        var points = Math.Clamp(positive > 0 && negative > 0 ? (reading.AfterContrast != 0 ? reading.AfterContrast : -negative) : positive - negative, -MaxPoints, MaxPoints);
        if (points == 0)
        {
            var (label, score) = scores[0];
            return new SentimentResult(label, score);
        }

        var favoured = reading.Lukewarm ? SentimentResult.Neutral : points > 0 ? SentimentResult.Positive : SentimentResult.Negative;
        var boost = LexiconWeight * (reading.Lukewarm ? Math.Min(2, reading.DeniedProblems + reading.DeniedPraise) : Math.Abs(points));
        var best = scores
            .Select(s => (s.Label, Score: (s.Score + (s.Label == favoured ? boost : 0)) / (1 + boost)))
            .MaxBy(s => s.Score);
        return new SentimentResult(best.Label, best.Score);
    }

    public Task<SentimentResult> AnalyzeAsync(string text, string? language, CancellationToken cancellationToken) =>
        Task.FromResult(Analyze(text));
}
