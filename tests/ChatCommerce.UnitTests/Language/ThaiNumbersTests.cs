using ChatCommerce.Domain.Text;

namespace ChatCommerce.UnitTests.Language;

public sealed class ThaiNumbersTests
{
    [Fact]
    public void ThaiDigitsBecomeAscii() => Assert.Equal("โทร 0812345678 ค่ะ", ThaiNumbers.ToAsciiDigits("โทร ๐๘๑๒๓๔๕๖๗๘ ค่ะ"));

    [Theory]
    [InlineData("081-234-5678", "0812345678")]
    [InlineData("+66 91 234 5678", "0912345678")]
    [InlineData("๐๖๑๒๓๔๕๖๗๘", "0612345678")]
    [InlineData("02 123 4567", "021234567")]
    [InlineData("0112345678", null)]
    [InlineData("081234567", null)]
    [InlineData("12345", null)]
    public void PhoneNumbers(string text, string? expected) => Assert.Equal(expected, ThaiNumbers.Phone(text));

    [Theory]
    [InlineData("10110", true)]
    [InlineData("96000", true)]
    [InlineData("09123", false)]
    [InlineData("97000", false)]
    [InlineData("1011", false)]
    [InlineData("1011a", false)]
    public void Postcodes(string value, bool expected) => Assert.Equal(expected, ThaiNumbers.IsPostcode(value));
}
