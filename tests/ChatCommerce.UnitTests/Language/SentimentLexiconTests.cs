using ChatCommerce.Language.Sentiment;

namespace ChatCommerce.UnitTests.Language;

public sealed class SentimentLexiconTests
{
    private static SentimentLexicon Lexicon(string rows) =>
        SentimentLexicon.Parse(new StringReader("term\tpolarity\n" + rows), "test");

    private static readonly SentimentLexicon Small = Lexicon(
        "good\tpositive\nlove*\tpositive\nbroken\tnegative\nดี\tpositive\nไว\tpositive\nแย่\tnegative\nสวัสดี\tignore\nkind of\tignore\nkind\tpositive\n");

    [Theory]
    [InlineData("good", 1)]
    [InlineData("really GOOD!!", 1)]
    [InlineData("goodbye", 0)]
    [InlineData("loved it", 1)]
    [InlineData("glove", 0)]
    [InlineData("not good", -1)]
    [InlineData("it isn't really good", -1)]
    [InlineData("it's broken", -1)]
    [InlineData("not broken at all", 2)] // a problem denied counts two: it is said on purpose
    [InlineData("is it good?", 0)]
    [InlineData("is it broken?", -1)]
    [InlineData("what kind of bag is this", 0)]
    [InlineData("so kind", 1)]
    public void EnglishTermsMatchWholeWordsWithNegationAndQuestions(string text, int score) =>
        Assert.Equal(score, Small.Score(text));

    [Theory]
    [InlineData("ของดีมาก", 1)]
    [InlineData("สวัสดีค่ะ", 0)]
    [InlineData("ไม่ดีเลย", -1)]
    [InlineData("ส่งไวมาก", 1)]
    [InlineData("เก็บไว้ให้หน่อย", 0)]
    [InlineData("แย่มาก", -1)]
    [InlineData("ดีไหมคะ", 0)]
    [InlineData("ไม่ค่อยดี", -1)]
    public void ThaiTermsMatchInsideRunningTextButNotInsideOtherSyllables(string text, int score) =>
        Assert.Equal(score, Small.Score(text));

    [Fact]
    public void TheShippedLexiconLoadsAndBadFilesAreRejected()
    {
        Assert.True(SentimentLexicon.FromEmbeddedData().Count > 200);
        Assert.Throws<FormatException>(() => SentimentLexicon.Parse(new StringReader("word\tlabel\n"), "x"));
        Assert.Throws<FormatException>(() => Lexicon("good\thappy\n"));
        Assert.Throws<FormatException>(() => Lexicon("\tpositive\n"));
    }

    [Fact]
    public void TheLexiconTipsAnUnsureModelButEmptyTextStaysNeutral()
    {
        var analyzer = LocalSentimentAnalyzer.FromEmbeddedData(Path.Combine(Path.GetTempPath(), "cc-models-tests"));
        Assert.Equal(SentimentResult.Neutral, analyzer.Analyze(" ").Label);
        Assert.Equal(SentimentResult.Negative, analyzer.Analyze("i am unhappy").Label);
        var result = analyzer.Analyze("the cups are lovely");
        Assert.Equal(SentimentResult.Positive, result.Label);
        Assert.InRange(result.Score, 0.34f, 1f);
    }

    [Fact]
    public void PraiseAndAProblemAreTalliedApart()
    {
        Assert.Equal((1, 1), Small.Tally("good job, it's broken"));
        Assert.Equal((2, 0), Small.Tally("not broken"));
        Assert.Equal((0, 1), Small.Tally("not good"));
    }

    [Theory]
    [InlineData("ดีจังเลยนะ ส่งของแตกมาให้อีกแล้ว", "negative")]
    [InlineData("great job, the parcel is lost again", "negative")]
    [InlineData("ไม่ผิดหวังเลยที่สั่งร้านนี้", "positive")]
    [InlineData("not disappointed in the slightest", "positive")]
    [InlineData("ชาไทยหวานมากไหมคะ", "neutral")]
    [InlineData("how thick is the fabric", "neutral")]
    public void SarcasmDeniedProblemsAndNeutralQuestions(string text, string expected)
    {
        var analyzer = LocalSentimentAnalyzer.FromEmbeddedData(Path.Combine(Path.GetTempPath(), "cc-models-tests"));
        Assert.Equal(expected, analyzer.Analyze(text).Label);
    }
}
