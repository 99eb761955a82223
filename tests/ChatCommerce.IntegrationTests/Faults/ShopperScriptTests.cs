using ChatCommerce.Load;

namespace ChatCommerce.IntegrationTests.Faults;

/// <summary>The load tool's shoppers follow the script the run names: whole conversations, or the bench's single messages.</summary>
public sealed class ShopperScriptTests
{
    [Fact]
    public void AShopperOfTheMessagesScriptSaysTheBenchsSevenTextsInTurnThenAgain()
    {
        var shopper = new Shopper(7, messenger: false, ShoppingScript.Named("messages"));
        var said = Enumerable.Range(0, 9).Select(_ => shopper.Next()).ToList();

        Assert.All(said, s => Assert.Null(s.Postback));
        Assert.Equal(
            ["สวัสดีค่ะ", "ขอดูสินค้าหน่อยค่ะ", "เสื้อยืดสีดำราคาเท่าไหร่คะ", "เอาเสื้อยืดสีดำ 2 ตัวค่ะ", "ขอบคุณค่ะ", "hello", "what do you sell?", "สวัสดีค่ะ", "ขอดูสินค้าหน่อยค่ะ"],
            said.Select(s => s.Text));
    }

    [Fact]
    public void AShopperOfTheShoppingScriptGoesToCheckoutWithTheirOwnPhoneAndTapsWhatTheyWereShown()
    {
        var shopper = new Shopper(3, messenger: true, ShoppingScript.Named("shopping"));
        Assert.Equal("สวัสดีค่ะ", shopper.Next().Text);
        Assert.Equal("ขอดูสินค้าหน่อยค่ะ", shopper.Next().Text);
        Assert.Equal("cf sn1 2", shopper.Next().Text);
        shopper.Shown([("สั่งซื้อเลย", "checkout:start")]);
        var tap = shopper.Next();
        Assert.Equal(("checkout:start", "สั่งซื้อเลย"), (tap.Postback, tap.PostbackLabel));
        Assert.Equal("สมใจ ทดสอบ", shopper.Next().Text);
        Assert.Equal(shopper.Phone, shopper.Next().Text);
    }

    [Fact]
    public void AnUnknownScriptIsRefusedByName() =>
        Assert.Contains("'chatter'", Assert.Throws<ArgumentException>(() => ShoppingScript.Named("chatter")).Message, StringComparison.Ordinal);
}
