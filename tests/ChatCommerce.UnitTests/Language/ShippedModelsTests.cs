using Xunit.Abstractions;
using ChatCommerce.Language;
using ChatCommerce.Language.Classification;
using ChatCommerce.Language.Intents;
using ChatCommerce.Language.Sentiment;
using ChatCommerce.Language.Training;
using ChatCommerce.UnitTests.Support;

namespace ChatCommerce.UnitTests.Language;

/// <summary>
/// The intent and sentiment models ship in the Language assembly, so a host answers its first
/// shopper without training for seconds on a core the webhooks need.
/// </summary>
public sealed class ShippedModelsTests(ITestOutputHelper output)
{
    /// <summary>
    /// How far a model trained now may stray from the shipped one. L-BFGS sums floats in the vector
    /// width the processor offers and stops at a tolerance, so the same data and pipeline trained on
    /// another kind of processor give other probabilities: up to 9e-5 (sentiment) and 1.3e-3
    /// (intents) on an AMD EPYC with AVX2 against models shipped from another machine. A change of
    /// data or pipeline is caught first by the file name (its fingerprint), this test is the
    /// second check (a new ML.NET, say): the top label must agree on every held-out sentence.
    /// </summary>
    private const float RetrainTolerance = 1e-2f;

    private const string Remake = "the training data or pipeline changed: run `dotnet run --project src/ChatCommerce.Cli -- nlu train --out src/ChatCommerce.Language/Models` and commit the result";

    private static IEnumerable<string> ShippedFiles() =>
        typeof(TextClassifier).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(TextClassifier.ShippedPrefix, StringComparison.Ordinal))
            .Select(n => n[TextClassifier.ShippedPrefix.Length..])
            .Order(StringComparer.Ordinal);

    [Fact]
    public void TheShippedModelsAreExactlyTheModelsOfTheCurrentTrainingData()
    {
        var expected = ShippedModels.All().Select(m => TextClassifier.FileName(m.Name, m.Examples)).ToList();
        Assert.Equal([IntentClassifier.ModelName, LocalSentimentAnalyzer.ModelName], ShippedModels.All().Select(m => m.Name));
        Assert.True(expected.Order(StringComparer.Ordinal).SequenceEqual(ShippedFiles()), $"shipped [{string.Join(", ", ShippedFiles())}], expected [{string.Join(", ", expected)}]: {Remake}");
    }

    [Fact]
    public void AHostStartsWithTheShippedModelsAndTrainsNothing()
    {
        var cache = Path.Combine(Path.GetTempPath(), "cc-models-shipped-" + Guid.NewGuid().ToString("N"));
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var intents = IntentClassifier.FromEmbeddedData(cache);
            var sentiment = LocalSentimentAnalyzer.FromEmbeddedData(cache);

            Assert.False(Directory.Exists(cache) && Directory.EnumerateFileSystemEntries(cache).Any(), "a model was trained and saved");
            Assert.Equal("greeting", intents.Predict("สวัสดีค่ะ").Intent);
            Assert.Equal("negative", sentiment.Analyze("ของมาช้ามาก แย่ที่สุด").Label);
        }
        finally
        {
            if (Directory.Exists(cache))
            {
                Directory.Delete(cache, recursive: true);
            }
        }
    }

    /// <summary>
    /// A shipped model is scored directly without the start-up check against ML.NET's prediction
    /// engine; this is that check: no probability of any training sentence differs by more than the tolerance.
    /// </summary>
    [Fact]
    public void TheShippedModelsAreScoredDirectlyAndAgreeWithMlNetOnEveryTrainingSentence()
    {
        foreach (var (name, examples) in ShippedModels.All())
        {
            var shipped = TextClassifier.TrainOrLoad(examples, name, null);
            Assert.True(shipped.IsDirect, name);
            Assert.InRange(shipped.LargestDifference(examples.Select(e => e.Text)), 0f, TextClassifier.Tolerance);
        }
    }

    /// <summary>What ships is what training on the current data makes: the same probabilities for every held-out sentence.</summary>
    [Theory]
    [InlineData("intents", "intents.eval.tsv", "intent")]
    [InlineData("sentiment", "sentiment.eval.tsv", "sentiment")]
    public void TheShippedModelGivesWhatAFreshlyTrainedOneGives(string name, string evalFile, string column)
    {
        var examples = ShippedModels.All().Single(m => m.Name == name).Examples;
        var shipped = TextClassifier.TrainOrLoad(examples, name, null);
        var directory = Path.Combine(Path.GetTempPath(), "cc-models-fresh-" + Guid.NewGuid().ToString("N"));
        try
        {
            // Another name has no shipped model: this one is trained from the same examples.
            var fresh = TextClassifier.TrainOrLoad(examples, "fresh-" + name, directory);
            var largest = 0f;
            Assert.Single(Directory.EnumerateFiles(directory, "fresh-*.zip"));
            foreach (var row in LabeledTextFile.ReadFile(RepoFiles.Path("dialogs", "nlu", evalFile), column))
            {
                var expected = fresh.Classify(row.Text);
                var actual = shipped.Classify(row.Text);
                Assert.Equal(expected[0].Label, actual[0].Label);
                foreach (var score in expected)
                {
                    var other = actual.Single(s => s.Label == score.Label).Score;
                    largest = Math.Max(largest, Math.Abs(score.Score - other));
                    Assert.True(Math.Abs(score.Score - other) <= RetrainTolerance, $"'{row.Text}' {score.Label}: {other} against {score.Score}: {Remake}");
                }
            }

            output.WriteLine($"{name}: largest difference {largest}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
