using ChatCommerce.Channels.Common;

namespace ChatCommerce.UnitTests.Channels;

public sealed class TextFitTests
{
    [Fact]
    public void TruncateKeepsShortTextAsItIs() => Assert.Equal("สวัสดี", TextFit.Truncate("สวัสดี", 20));

    [Fact]
    public void TruncateEndsWithEllipsisWithinLimit()
    {
        var cut = TextFit.Truncate(new string('ก', 50), 20);
        Assert.Equal(20, cut.Length);
        Assert.EndsWith("…", cut);
    }

    [Fact]
    public void TruncateNeverSplitsASurrogatePair()
    {
        var text = string.Concat(Enumerable.Repeat("😀", 30));
        var cut = TextFit.Truncate(text, 20);
        Assert.True(cut.Length <= 20);
        Assert.False(char.IsHighSurrogate(cut[^2]) && !char.IsLowSurrogate(cut[^1]));
        Assert.All(cut[..^1].Chunk(2), pair => Assert.True(char.IsSurrogatePair(pair[0], pair[1])));
    }

    [Fact]
    public void TruncateKeepsThaiCombiningMarksWithTheirBase()
    {
        // "น้ำ" is a base consonant followed by two combining marks: never cut between them.
        var cut = TextFit.Truncate("กน้ำน้ำน้ำ", 4);
        Assert.Equal("ก…", cut);
    }

    [Fact]
    public void SplitMakesPiecesWithinLimitAndLosesNothing()
    {
        var words = string.Join(" ", Enumerable.Range(0, 3000).Select(i => "คำ" + i));
        var pieces = TextFit.Split(words, 5000);
        Assert.True(pieces.Count > 1);
        Assert.All(pieces, p => Assert.InRange(p.Length, 1, 5000));
        Assert.Equal(words.Replace(" ", ""), string.Concat(pieces).Replace(" ", ""));
    }

    [Fact]
    public void CleanRemovesControlCharactersButKeepsLineBreaks() =>
        Assert.Equal("a\nb\tc", TextFit.Clean("a\nb\tc\u0000\u0007"));
}
