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
    [InlineData("really GOOD!!", 2)] // intensified
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
    [InlineData("so kind", 2)]
    public void EnglishTermsMatchWholeWordsWithNegationAndQuestions(string text, int score) =>
        Assert.Equal(score, Small.Score(text));

    [Theory]
    [InlineData("ของดีมาก", 2)]
    [InlineData("สวัสดีค่ะ", 0)]
    [InlineData("ไม่ดีเลย", -1)]
    [InlineData("ส่งไวมาก", 2)]
    [InlineData("เก็บไว้ให้หน่อย", 0)]
    [InlineData("แย่มาก", -2)]
    [InlineData("ดีไหมคะ", 0)]
    [InlineData("ไม่ค่อยดี", -1)]
    [InlineData("ไม่เคยแย่สักครั้ง", 2)] // a negation carried on by "เคย"
    [InlineData("ไม่ได้ดีอะไร", -1)]
    [InlineData("ไม่รู้สึกว่าแย่นะ", 2)]
    [InlineData("แย่ ไม่ไหว", -1)] // ไม่ after the word does not deny it
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

    [Fact]
    public void ALongerTermIsOneMatchNotTwo() // "ใจดี" is one word of praise, not "ใจดี" and "ดี"
    {
        var lexicon = Lexicon("ดี\tpositive\nใจดี\tpositive\nfits\tpositive\nfits well\tpositive\n");
        Assert.Equal((1, 0), lexicon.Tally("แม่ค้าใจดีค่ะ"));
        Assert.Equal((2, 0), lexicon.Tally("ใจดี ของก็ดี"));
        Assert.Equal((1, 0), lexicon.Tally("it fits well"));
    }

    [Theory]
    [InlineData("แย่", 0, 1)]
    [InlineData("แย่มากเลย", 0, 2)] // an intensifier after a Thai term
    [InlineData("ดีสุดๆ", 2, 0)]
    [InlineData("it's broken", 0, 1)]
    [InlineData("it's so broken", 0, 2)] // an intensifier before an English term
    [InlineData("really good", 2, 0)]
    [InlineData("not really good", 0, 1)] // a denial is never intensified
    public void AnIntensifiedTermCountsTwo(string text, int positive, int negative) =>
        Assert.Equal((positive, negative), Small.Tally(text));

    [Fact]
    public void DenialsAndAContrastAreReadApart()
    {
        var reading = Small.Read("not broken, but not good either");
        Assert.Equal(new LexiconReading(Positive: 2, Negative: 1, DeniedProblems: 1, DeniedPraise: 1, AfterContrast: -1), reading);
        Assert.True(reading.Lukewarm);
        Assert.False(Small.Read("good job, it's broken").Lukewarm);
        Assert.Equal(1, Small.Read("it was broken at first but the new one is good").AfterContrast);
        Assert.Equal(-1, Small.Read("ดีนะแต่แย่ตรงที่ส่งช้า").AfterContrast);
        Assert.Equal(0, Small.Read("butter is good").AfterContrast); // "butter" holds no "but"
    }

    [Theory]
    [InlineData("ดีจังเลยนะ ส่งของแตกมาให้อีกแล้ว", "negative")]
    [InlineData("great job, the parcel is lost again", "negative")]
    [InlineData("ไม่ผิดหวังเลยที่สั่งร้านนี้", "positive")]
    [InlineData("not disappointed in the slightest", "positive")]
    [InlineData("ชาไทยหวานมากไหมคะ", "neutral")]
    [InlineData("how thick is the fabric", "neutral")]
    [InlineData("i was afraid it would be too big but it fits perfectly", "positive")] // the turn after "but" decides
    [InlineData("ลายน่ารักแต่ซักแล้วสีตกมาก แย่เลย", "negative")]
    [InlineData("ไม่ได้แย่ แต่ก็ไม่ได้ดีขนาดนั้น", "neutral")] // lukewarm: both sides denied
    [InlineData("not bad but not amazing either", "neutral")]
    [InlineData("ซื้อมาสามรอบ ไม่เคยทำให้ผิดหวังสักครั้ง", "positive")]
    public void SarcasmDeniedProblemsAndNeutralQuestions(string text, string expected)
    {
        var analyzer = LocalSentimentAnalyzer.FromEmbeddedData(Path.Combine(Path.GetTempPath(), "cc-models-tests"));
        Assert.Equal(expected, analyzer.Analyze(text).Label);
    }
}
