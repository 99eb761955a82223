using ChatCommerce.Language.Classification;
using ChatCommerce.Language.Intents;
using ChatCommerce.Language.Training;
using ChatCommerce.UnitTests.Support;

namespace ChatCommerce.UnitTests.Language;

/// <summary>
/// The direct scorer gives what ML.NET's prediction engine gives, on every sentence the repository
/// holds and on text built to trip it; and its n-gram table finds exactly what was put in it.
/// </summary>
public sealed class DirectScorerTests
{
    private static readonly string Models = Path.Combine(Path.GetTempPath(), "cc-models-tests");

    private static readonly string[] Awkward =
    [
        "", " ", "???", "!!!", "...", "a|b c|d", "ราคา 100 บาท!!", "Hello,   World", "<3 <3 <␠>", "😀😀 ดีมาก 👍🏻",
        "tab\there", "ÀÉÎ ÕÜ straße", "ฆ่า ฆ้อง", "line\nbreak", new string('ก', 700), string.Join(' ', Enumerable.Repeat("เสื้อยืด", 200)),
    ];

    private static IEnumerable<string> Sentences(string prefix, string label) =>
        Directory.GetFiles(RepoFiles.Path("dialogs", "nlu"), prefix + "*.tsv")
            .Where(f => !f.Contains("lexicon", StringComparison.Ordinal))
            .SelectMany(f => LabeledTextFile.ReadFile(f, label))
            .Select(e => e.Text);

    [Fact]
    public void IntentScoresMatchMlNetOnEverySentence()
    {
        var classifier = TextClassifier.TrainOrLoad(IntentClassifier.TrainingData(), "intents", Models);
        Assert.True(classifier.IsDirect);
        Assert.InRange(classifier.LargestDifference(Sentences("intents", "intent").Concat(Awkward)), 0f, TextClassifier.Tolerance);
    }

    [Fact]
    public void SentimentScoresMatchMlNetOnEverySentence()
    {
        var classifier = TextClassifier.TrainOrLoad(LabeledTextFile.ReadEmbedded("nlu.sentiment.tsv", "sentiment"), "sentiment", Models);
        Assert.True(classifier.IsDirect);
        Assert.InRange(classifier.LargestDifference(Sentences("sentiment", "sentiment").Concat(Awkward)), 0f, TextClassifier.Tolerance);
    }

    [Fact]
    public void TheNgramTableFindsWhatWasPutInAndNothingElse()
    {
        var grams = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["a"] = 0, ["ab"] = 1, ["abc"] = 2, ["abcd"] = 3, ["abcde"] = 4, ["\u0002ส"] = 5, ["ี\u0003"] = 6, ["\ud83d\ude00"] = 7, ["b"] = 8, ["ba"] = 9,
        };
        for (var i = 0; i < 5000; i++)
        {
            grams["x" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = 10 + i;
        }

        var table = new CharGramTable(grams);
        Assert.Equal(grams.Count, table.Count);
        foreach (var (gram, slot) in grams)
        {
            Assert.True(table.TryGetValue(gram, out var found), gram);
            Assert.Equal(slot, found);
        }

        foreach (var absent in new[] { "c", "abce", "abcdf", "bc", "\u0002", "ส", "\ud83d", "x5000", "abcd\0", "a\0" })
        {
            Assert.False(table.TryGetValue(absent, out _), absent);
        }

        Assert.Throws<ArgumentException>(() => new CharGramTable(new Dictionary<string, int> { ["abcdef"] = 0 }));
    }
}
