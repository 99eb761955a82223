using System.Globalization;
using ChatCommerce.Language.Training;

namespace ChatCommerce.Cli;

/// <summary>Accuracy, per-label precision and recall, and the most frequent confusions.</summary>
public sealed record Evaluation(IReadOnlyList<(string Expected, string Predicted, string Text)> Results)
{
    public static Evaluation Run(IReadOnlyList<LabeledText> examples, Func<string, string> predict) =>
        new(examples.Select(e => (e.Label, predict(e.Text), e.Text)).ToList());

    public int Correct => Results.Count(r => r.Expected == r.Predicted);

    public double Accuracy => Results.Count == 0 ? 0 : (double)Correct / Results.Count;

    public void Write(TextWriter output, string what, bool showMisses = false)
    {
        var labels = Results.Select(r => r.Expected).Concat(Results.Select(r => r.Predicted)).Distinct().Order().ToList();
        output.WriteLine($"{"label",-14} {"precision",9} {"recall",7} {"support",7}");
        foreach (var label in labels)
        {
            var truePositive = Results.Count(r => r.Expected == label && r.Predicted == label);
            var predicted = Results.Count(r => r.Predicted == label);
            var support = Results.Count(r => r.Expected == label);
            output.WriteLine($"{label,-14} {Ratio(truePositive, predicted),9} {Ratio(truePositive, support),7} {support,7}");
        }

        var confusions = Results.Where(r => r.Expected != r.Predicted).GroupBy(r => (r.Expected, r.Predicted)).OrderByDescending(g => g.Count()).ToList();
        output.WriteLine(confusions.Count == 0 ? "no confusions" : "confusions (expected -> predicted):");
        foreach (var group in confusions)
        {
            // A row is quoted only when misses were asked for: the figures of a blind set must not
            // show its failing sentences to whoever reads them before the next round.
            output.WriteLine($"  {group.Key.Expected} -> {group.Key.Predicted}: {group.Count()}" + (showMisses ? $"  e.g. \"{group.First().Text}\"" : ""));
        }

        if (showMisses)
        {
            output.WriteLine("misses (expected -> predicted):");
            foreach (var miss in Results.Where(r => r.Expected != r.Predicted))
            {
                output.WriteLine($"  {miss.Expected} -> {miss.Predicted}\t{miss.Text}");
            }
        }

        foreach (var (language, results) in new[] { ("thai", Results.Where(r => IsThai(r.Text)).ToList()), ("english", Results.Where(r => !IsThai(r.Text)).ToList()) })
        {
            var correct = results.Count(r => r.Expected == r.Predicted);
            output.WriteLine($"{language}: {Ratio(correct, results.Count)} ({correct}/{results.Count})");
        }

        output.WriteLine($"{what} accuracy: {Accuracy.ToString("0.000", CultureInfo.InvariantCulture)} ({Correct}/{Results.Count})");
    }

    private static bool IsThai(string text) => text.Any(c => c is >= '\u0E00' and <= '\u0E7F');

    private static string Ratio(int numerator, int denominator) =>
        denominator == 0 ? "-" : ((double)numerator / denominator).ToString("0.000", CultureInfo.InvariantCulture);
}
