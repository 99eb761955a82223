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

    public static IntentClassifier FromEmbeddedData(string? cacheDirectory, float threshold = 0.3f) =>
        new(TextClassifier.TrainOrLoad(LabeledTextFile.ReadEmbedded("nlu.intents.tsv", "intent"), "intents", cacheDirectory), threshold);

    public IntentPrediction Predict(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new IntentPrediction(Intent.Unknown, 0, Intent.Unknown, Intent.Unknown, 0);
        }

        var scores = _classifier.Classify(text);
        var (best, confidence) = scores[0];
        var (second, secondConfidence) = scores.Count > 1 ? scores[1] : (Intent.Unknown, 0f);
        return new IntentPrediction(confidence >= Threshold ? best : Intent.Unknown, confidence, best, second, secondConfidence);
    }
}
