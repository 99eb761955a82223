using ChatCommerce.Domain.Text;

namespace ChatCommerce.UnitTests.Language;

public sealed class HonorificsTests
{
    [Theory]
    [InlineData("สมใจ", "คุณสมใจ")]
    [InlineData("คุณสมใจ", "คุณสมใจ")]
    [InlineData(" คุณ สมใจ ", "คุณ สมใจ")]
    [InlineData("พี่โอ๋", "พี่โอ๋")]
    [InlineData("K.Ploy", "K.Ploy")]
    [InlineData("Khun Nok", "Khun Nok")]
    [InlineData("Ploy", "คุณPloy")]
    [InlineData("Kate", "คุณKate")]
    public void AThaiGreetingAddsKhunOnlyWhenTheNameHasNoFormOfAddress(string displayName, string addressed) =>
        Assert.Equal(addressed, Honorifics.ThaiAddress(displayName));
}
