using ChatCommerce.Domain.Text;

namespace ChatCommerce.UnitTests.Language;

public sealed class PoliteEndingsTests
{
    [Theory]
    [InlineData("ได้ค่ะ", "ได้")]
    [InlineData("  โอเคนะคะ!! ", "โอเค")]
    [InlineData("เมนูหน่อยครับ", "เมนู")]
    [InlineData("ไม่ค่า", "ไม่")]
    [InlineData("ค่ะ", "ค่ะ")]
    [InlineData("yes.", "yes")]
    [InlineData(null, "")]
    public void EndingsComeOffButAWordAloneStays(string? text, string expected) =>
        Assert.Equal(expected, PoliteEndings.Trim(text));
}
