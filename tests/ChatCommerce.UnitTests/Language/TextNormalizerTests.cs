using ChatCommerce.Language.Text;

namespace ChatCommerce.UnitTests.Language;

public sealed class TextNormalizerTests
{
    [Theory]
    [InlineData("๑๒ ชิ้น", "12 ชิ้น")]
    [InlineData("  Hello   WORLD ", "hello world")]
    [InlineData("มากกกกกก", "มากก")]
    [InlineData("sooooo good", "soo good")]
    [InlineData("โทร 0811112222", "โทร 0811112222")]
    [InlineData("a\u200Bb\u0007c", "abc")]
    [InlineData(null, "")]
    public void NormalizesChatText(string? input, string expected) => Assert.Equal(expected, TextNormalizer.Normalize(input));

    [Theory]
    [InlineData("ราคาเท่าไหร่คะ", "ราคาเท่าไหร่")]
    [InlineData("ขอบคุณนะครับ", "ขอบคุณ")]
    [InlineData("มีไหมคะ ส่งฟรีมั้ยคะ", "มีไหม ส่งฟรีไหม")]
    [InlineData("คะแนนเท่าไหร่", "คะแนนเท่าไหร่")]
    [InlineData("ค่ะ", "ค่ะ")]
    public void ClassificationFormDropsPoliteParticlesAtPhraseEnds(string input, string expected) =>
        Assert.Equal(expected, TextNormalizer.ForClassification(input));

    [Fact]
    public void VeryLongTextIsCut() => Assert.Equal(TextNormalizer.MaxLength, TextNormalizer.Normalize(string.Concat(Enumerable.Repeat("ab", 5000))).Length);
}
