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
    [InlineData("intents", "intent")]
    [InlineData("sentiment", "sentiment")]
    public void HeldOutSetsShareNoUtteranceWithTrainingData(string name, string column)
    {
        var training = LabeledTextFile.ReadFile(Support.RepoFiles.Path("dialogs", "nlu", name + ".tsv"), column).Select(e => e.Text).ToHashSet();
        var heldOutSets = Directory.GetFiles(Support.RepoFiles.Path("dialogs", "nlu"), name + ".*.tsv");
        Assert.Contains(heldOutSets, f => f.EndsWith(name + ".eval.tsv", StringComparison.Ordinal));
        foreach (var path in heldOutSets)
        {
            var overlap = LabeledTextFile.ReadFile(path, column).Where(e => training.Contains(e.Text)).ToList();
            Assert.Empty(overlap);
        }
    }
}
