using ChatCommerce.Language.Training;

namespace ChatCommerce.UnitTests.Language;

public sealed class LabeledTextFileTests
{
    [Fact]
    public void ReadsExamplesSkippingBlankAndCommentLines()
    {
        var examples = LabeledTextFile.Read(new StringReader("text\tintent\nสวัสดี\tgreeting\n\n# note\ncf dm1 2\tadd_to_cart\r\n"), "intent", "t");
        Assert.Equal([new LabeledText("สวัสดี", "greeting"), new LabeledText("cf dm1 2", "add_to_cart")], examples);
    }

    [Fact]
    public void WrongHeaderIsAClearError() =>
        Assert.Contains("text<TAB>intent", Assert.Throws<FormatException>(() => LabeledTextFile.Read(new StringReader("text,intent\n"), "intent", "f.tsv")).Message);

    [Fact]
    public void LineWithoutLabelNamesItsLineNumber() =>
        Assert.Contains("f.tsv:3", Assert.Throws<FormatException>(() => LabeledTextFile.Read(new StringReader("text\tintent\nok\tthanks\nno label here\n"), "intent", "f.tsv")).Message);

    [Theory]
    [InlineData("intents", "intent", "intents.blind7.tsv")]
    [InlineData("sentiment", "sentiment", "sentiment.blind10.tsv")]
    public void HeldOutSetsShareNoUtteranceWithTrainingData(string name, string column, string currentRound)
    {
        // Training: the main file and the blind sets of rounds that are over, all embedded.
        var embedded = LabeledTextFile.EmbeddedSets($"nlu.{name}.");
        Assert.Contains($"nlu.{name}.tsv", embedded);
        var training = LabeledTextFile.ReadEmbeddedSets($"nlu.{name}.", column).Select(e => e.Text).ToHashSet();
        var retired = embedded.Select(n => n.Replace($"nlu.{name}.retired.", "", StringComparison.Ordinal)).ToHashSet();

        var heldOutSets = Directory.GetFiles(Support.RepoFiles.Path("dialogs", "nlu"), name + ".*.tsv")
            .Where(f => !retired.Contains(Path.GetFileName(f)))
            .ToList();
        Assert.Contains(heldOutSets, f => f.EndsWith(name + ".eval.tsv", StringComparison.Ordinal));
        Assert.Contains(heldOutSets, f => f.EndsWith(currentRound, StringComparison.Ordinal));
        foreach (var path in heldOutSets)
        {
            var overlap = LabeledTextFile.ReadFile(path, column).Where(e => training.Contains(e.Text)).ToList();
            Assert.Empty(overlap);
        }
    }

    [Fact]
    public void TheIntentModelLearnsFromTheBlindSetsOfRoundsThatAreOver()
    {
        var training = ChatCommerce.Language.Intents.IntentClassifier.TrainingData().ToHashSet();
        IReadOnlyList<LabeledText> Set(string file) => LabeledTextFile.ReadFile(Support.RepoFiles.Path("dialogs", "nlu", file), "intent");
        Assert.All(Set("intents.tsv"), e => Assert.Contains(e, training));
        Assert.All(Set("intents.blind6.tsv"), e => Assert.Contains(e, training));
        Assert.All(Set("intents.hard-dev.tsv"), e => Assert.Contains(e, training));
        Assert.DoesNotContain(Set("intents.blind7.tsv"), training.Contains);
        Assert.DoesNotContain(Set("intents.eval.tsv"), training.Contains);
    }
}
