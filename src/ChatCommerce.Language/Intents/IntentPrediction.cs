namespace ChatCommerce.Language.Intents;

/// <summary>The intent (or <see cref="Intent.Unknown"/>), its confidence, and the runner-up.</summary>
public sealed record IntentPrediction(string Intent, float Confidence, string BestGuess, string RunnerUp, float RunnerUpConfidence);
