using ChatCommerce.Language.Text;
using ChatCommerce.Language.Classification;
using ChatCommerce.Language.Training;

namespace ChatCommerce.Language.Intents;

/// <summary>Classifies a message into one of <see cref="Intent.Known"/>, or unknown below the threshold.</summary>
public sealed class IntentClassifier
{
    private readonly TextClassifier _classifier;

    public IntentClassifier(TextClassifier classifier, float threshold)
    {
        // Out-of-scope examples may be labelled unknown in training, so the model learns what is not shopping.
        var strays = classifier.Labels.Except(Intent.Known).Except([Intent.Unknown]).ToList();
        if (strays.Count > 0)
        {
            throw new InvalidOperationException($"Training data has labels that are not intents: {string.Join(", ", strays)}.");
        }

        _classifier = classifier;
        Threshold = threshold;
    }

    public float Threshold { get; }

    /// <summary>The last clause counts only when it is at least this sure of its own intent.</summary>
    public const float LastClauseConfidence = 0.5f;

    /// <summary>How much the last clause of a message of several counts against the whole message.</summary>
    public const float LastClauseWeight = 0.5f;

    public const string ModelName = "intents";

    public static IntentClassifier FromEmbeddedData(string? cacheDirectory, float threshold = 0.3f) =>
        new(TextClassifier.TrainOrLoad(TrainingData(), ModelName, cacheDirectory), threshold);

    /// <summary><c>dialogs/nlu/intents.tsv</c> and the blind sets of rounds that are over.</summary>
    public static IReadOnlyList<LabeledText> TrainingData() => LabeledTextFile.ReadEmbeddedSets("nlu.intents.", "intent");

    public IntentPrediction Predict(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new IntentPrediction(Intent.Unknown, 0, Intent.Unknown, Intent.Unknown, 0);
        }

        var scores = _classifier.Classify(text);
        if (Clauses.Last(text) is { } last)
        {
            // A long message says why before it says what: the last clause weighs as much as the whole.
            // Only a clause that knows what it asks for: "ทำยังไงดี" after "ของแตกมา" leaves the whole to decide.
            var lastScores = _classifier.Classify(last).ToDictionary(s => s.Label, s => s.Score);
            if (lastScores.Values.Max() >= LastClauseConfidence)
            {
                scores = [.. scores.Select(s => (s.Label, Score: ((1 - LastClauseWeight) * s.Score) + (LastClauseWeight * lastScores.GetValueOrDefault(s.Label)))).OrderByDescending(s => s.Score)];
            }
        }

        var (best, confidence) = scores[0];
        var (second, secondConfidence) = scores.Count > 1 ? scores[1] : (Intent.Unknown, 0f);
        return new IntentPrediction(confidence >= Threshold ? best : Intent.Unknown, confidence, best, second, secondConfidence);
    }
}
