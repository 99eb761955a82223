using ChatCommerce.Conversations.Turns;

namespace ChatCommerce.UnitTests.Engine;

public sealed class LocalesTests
{
    [Theory]
    // English sentences turn a Thai conversation English.
    [InlineData("th", "hi", "en")]
    [InlineData("th", "do you have tote bags?", "en")]
    [InlineData("th", "the shirt I got was torn, I am very upset", "en")]
    [InlineData("th", "thank you", "en")]
    // Thai turns an English one Thai, even with an English product name in it.
    [InlineData("en", "มีกระเป๋าผ้าไหมคะ", "th")]
    [InlineData("en", "อยากได้ tote bag สีดำค่ะ", "th")]
    [InlineData("th", "อยากได้ tote bag สีดำค่ะ", "th")]
    // Neither: names, addresses, codes, numbers, emoji and mixed sentences keep the language.
    [InlineData("th", "cf sn1 2", "th")]
    [InlineData("th", "Ploy Srisuk", "th")]
    [InlineData("th", "123 Sukhumvit Road Bangkok 10110", "th")]
    [InlineData("en", "081-234-5678", "en")]
    [InlineData("en", "👍", "en")]
    [InlineData("th", "ok", "th")]
    [InlineData("th", "thx", "th")]
    [InlineData("th", "cancel order", "th")]
    [InlineData("en", "I want มะม่วง", "en")]
    [InlineData("th", "I want มะม่วง", "th")]
    [InlineData("th", "size M2 thx2", "th")]
    [InlineData("en", "   ", "en")]
    public void TheReplyLanguageFollowsWhatTheCustomerWrites(string current, string text, string expected) =>
        Assert.Equal(expected, Locales.Follow(current, text));

    [Theory]
    [InlineData("en_US", "en")]
    [InlineData("th_TH", "th")]
    [InlineData("ja", "th")]
    [InlineData(null, "th")]
    public void AConversationStartsInThePlatformsLanguageElseTheShops(string? platform, string expected) =>
        Assert.Equal(expected, Locales.Initial(platform, "th"));
}
