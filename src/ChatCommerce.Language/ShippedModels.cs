using ChatCommerce.Language.Intents;
using ChatCommerce.Language.Sentiment;
using ChatCommerce.Language.Training;

namespace ChatCommerce.Language;

/// <summary>The models that ship in this assembly, each with the training data that makes it.</summary>
public static class ShippedModels
{
    public static IReadOnlyList<(string Name, IReadOnlyList<LabeledText> Examples)> All() =>
    [
        (IntentClassifier.ModelName, IntentClassifier.TrainingData()),
        (LocalSentimentAnalyzer.ModelName, LocalSentimentAnalyzer.TrainingData()),
    ];
}
