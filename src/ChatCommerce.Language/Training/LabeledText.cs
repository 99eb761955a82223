namespace ChatCommerce.Language.Training;

/// <summary>One training or evaluation example.</summary>
public sealed record LabeledText(string Text, string Label);
