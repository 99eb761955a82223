using ChatCommerce.Channels.Line;
using ChatCommerce.Domain.Replies;
using FsCheck;
using FsCheck.Fluent;

namespace ChatCommerce.UnitTests.Channels;

/// <summary>
/// A carousel is measured bubble by bubble only when its bubbles' sizes at most could pass LINE's
/// limit; that bound must never be below a bubble's real size, whatever its texts hold.
/// </summary>
public sealed class LineBubbleSizeProperties
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(3000);

    // Letters that escape differently: ASCII, Thai, quotes and backslashes, controls, HTML's
    // specials, an emoji (two UTF-16 units), a space.
    private static readonly char[] Letters = ['a', 'Z', '7', 'ก', 'ำ', '฿', '"', '\\', '\n', '\t', '\u0001', '<', '&', '+', '\'', ' ', '\ud83d', '\ude00', '…', 'é'];

    // Only letters written as \uXXXX: the bound's worst case.
    private static readonly char[] Escaped = ['ก', 'ำ', '"', '\u0001', '<', '&', '+', '\ud83d', '\ude00'];

    private static Gen<string> Text(int most) =>
        from length in Gen.Choose(0, most)
        from alphabet in Gen.Elements(Letters, Escaped)
        from letters in Gen.ArrayOf(Gen.Elements(alphabet), length)
        select new string(letters);

    private static Gen<string?> Picture =>
        Gen.OneOf(
            Gen.Constant<string?>(null),
            Text(60).Select(t => (string?)("https://shop.example/" + Uri.EscapeDataString(t))),
            Gen.Constant<string?>("http://insecure.example/a.png"));

    private static Gen<ReplyAction> Button =>
        from label in Text(60)
        from payload in Text(300)
        from display in Gen.OneOf(Gen.Constant<string?>(null), Text(400).Select(t => (string?)t))
        from link in Gen.Elements(false, false, true)
        select link ? new ReplyAction(label, "", Url: "https://shop.example/p?q=" + Uri.EscapeDataString(payload)) : new ReplyAction(label, payload, display);

    private static Gen<ProductCard> Card =>
        from title in Text(300)
        from subtitle in Text(500)
        from price in Text(20)
        from picture in Picture
        from count in Gen.Choose(0, 5)
        from buttons in Gen.ListOf(Button, count)
        select new ProductCard(title, subtitle, price, picture, [.. buttons]);

    [Fact]
    public void ABubblesSizeAtMostIsNeverBelowItsMeasure()
    {
        Prop.ForAll(Card.ToArbitrary(), card =>
        {
            var measured = LineMessageRenderer.BubbleBytes(card);
            var most = LineMessageRenderer.BubbleBytesAtMost(card);
            return (most >= measured).Label($"at most {most}, measured {measured}");
        }).Check(Runs);
    }

    [Fact]
    public void AShopsUsualCardsAreNotMeasured()
    {
        // Twelve cards as the shop's catalog makes them, in Thai: far under 50 KB even at six
        // bytes a letter, so the renderer writes them without measuring any.
        var card = new ProductCard("เสื้อยืดคอกลม สีดำ ผ้าฝ้าย 100%", "เหลือ 5 ชิ้น · ไซซ์ S M L XL", "฿259", "https://shop.example/media/products/SN-TEE-BLK.png",
            [new ReplyAction("รายละเอียด", "product:SN-TEE-BLK"), new ReplyAction("ใส่ตะกร้า", "add:SN-TEE-BLK", "ใส่ตะกร้า เสื้อยืดคอกลม สีดำ")]);
        var most = LineMessageRenderer.BubbleBytesAtMost(card);
        Assert.InRange(most * LineLimits.FlexCarouselBubbles + LineLimits.FlexCarouselBubbles + 40, 0, LineLimits.FlexCarouselBytes);
        Assert.InRange(LineMessageRenderer.BubbleBytes(card), 1, most);
    }
}
