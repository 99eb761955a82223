using ChatCommerce.Domain.Catalog;
using ChatCommerce.Language.Entities;

namespace ChatCommerce.UnitTests.Language;

public sealed class EntityExtractorTests
{
    private static readonly EntityExtractor Extractor = new(ProductLexicon.Build(DemoCatalog.Products));

    private static IReadOnlyList<(string Type, string Value)> Extract(string text) => Extractor.Extract(text).Select(e => (e.Type, e.Value)).ToList();

    [Theory]
    [InlineData("เอาเสื้อยืดสีดำ 2 ตัว", "TS-BLK", "2")]
    [InlineData("cf dm1 2", "TS-BLK", "2")]
    [InlineData("CF DM2 3", "TS-WHT", "3")]
    [InlineData("dm1=2", "TS-BLK", "2")]
    [InlineData("ขอมะม่วงอบแห้งสองถุง", "SN-MNG", "2")]
    [InlineData("give me a dozen soaps", "BT-SOP", "12")]
    [InlineData("เซรัม ๓ ขวด", "BT-SER", "3")]
    [InlineData("i want two white tees", "TS-WHT", "2")]
    [InlineData("ทุเรียนทอดยี่สิบเอ็ดถุง", "SN-DUR", "21")]
    [InlineData("add the lip tnit x 4", "BT-LIP", "4")]
    public void ProductAndQuantityFromOneUtterance(string text, string sku, string quantity)
    {
        var entities = Extract(text);
        Assert.Contains((EntityType.Product, sku), entities);
        Assert.Contains((EntityType.Quantity, quantity), entities);
    }

    /// <summary>A word of a product's name used as the measure of another product names no product.</summary>
    [Theory]
    [InlineData("three bags of durian chips", "SN-DUR", "3")]
    [InlineData("one bag of dried mango please", "SN-MNG", "1")]
    [InlineData("2 boxes of tamarind soap", "BT-SOP", "2")]
    public void AContainerOfAnotherProductIsOnlyThatProduct(string text, string sku, string quantity)
    {
        var entities = Extract(text);
        Assert.Equal([(EntityType.Product, sku)], entities.Where(e => e.Type == EntityType.Product));
        Assert.Contains((EntityType.Quantity, quantity), entities);
    }

    [Fact]
    public void ACanvasBagIsStillTheToteWhenNothingFollowsIt() =>
        Assert.Contains((EntityType.Product, "BG-TOT"), Extract("2 canvas bags please"));

    [Theory]
    [InlineData("สิบสอง", 12)]
    [InlineData("ยี่สิบ", 20)]
    [InlineData("ร้อยห้าสิบ", 150)]
    [InlineData("หนึ่ง", 1)]
    [InlineData("สามสิบเอ็ด", 31)]
    public void ThaiNumberWords(string words, int value) => Assert.Equal((value, words.Length), NumberWords.ReadThai(words, 0));

    [Theory]
    [InlineData("twenty one", 21)]
    [InlineData("a dozen", 12)]
    [InlineData("a couple", 2)]
    [InlineData("seven", 7)]
    public void EnglishNumberWords(string words, int value) => Assert.Equal(value, NumberWords.ParseEnglish(words));

    [Fact]
    public void VariantsAreRecognised()
    {
        var entities = Extract("เอาไซส์ m สีขาว ๑ ตัว");
        Assert.Contains((EntityType.Size, "M"), entities);
        Assert.Contains((EntityType.Colour, "white"), entities);
        Assert.Contains((EntityType.Quantity, "1"), entities);
        Assert.Contains((EntityType.Size, "XL"), Extract("size xl please"));
        Assert.Contains((EntityType.Size, "FREE"), Extract("กางเกงเลฟรีไซส์"));
        Assert.DoesNotContain(Extract("i'm looking for something"), e => e.Type == EntityType.Size);
    }

    [Fact]
    public void AnAddressWithPhoneAndPostcodeYieldsNoStrayQuantities()
    {
        var entities = Extract("ส่งที่ 99/1 ถ.สุขุมวิท แขวงคลองเตย เขตคลองเตย กรุงเทพ 10110 โทร 081-234-5678");
        Assert.Contains((EntityType.Postcode, "10110"), entities);
        Assert.Contains((EntityType.Phone, "0812345678"), entities);
        Assert.Contains(entities, e => e.Type == EntityType.Address);
        Assert.DoesNotContain(entities, e => e.Type == EntityType.Quantity);
    }

    [Theory]
    [InlineData("+66 81 234 5678", "0812345678")]
    [InlineData("โทร 0891234567 ค่ะ", "0891234567")]
    [InlineData("02-123-4567", "021234567")]
    public void PhoneNumbersAreNormalised(string text, string phone) => Assert.Contains((EntityType.Phone, phone), Extract(text));

    [Fact]
    public void PostcodesOutsideThaiProvinceRangesAreNotPostcodes()
    {
        Assert.DoesNotContain(Extract("รหัส 00123"), e => e.Type == EntityType.Postcode);
        Assert.Contains((EntityType.Postcode, "50200"), Extract("เชียงใหม่ 50200"));
    }

    [Theory]
    [InlineData("ออเดอร์ CC-1042 ถึงไหนแล้ว", "CC-1042")]
    [InlineData("where is order #2051", "CC-2051")]
    [InlineData("cc1042", "CC-1042")]
    public void OrderNumbers(string text, string order) => Assert.Contains((EntityType.OrderNumber, order), Extract(text));

    [Theory]
    [InlineData("โอนแล้ว 1,290 บาท", "129000")]
    [InlineData("฿120.50", "12050")]
    [InlineData("i paid 500 baht", "50000")]
    public void MoneyIsInSatang(string text, string satang) => Assert.Contains((EntityType.Money, satang), Extract(text));

    [Fact]
    public void HostileAndEmptyTextIsHarmless()
    {
        Assert.Empty(Extract(""));
        Assert.Empty(Extract(null!));
        Assert.Empty(Extract(new string('๙', 100_000)));
        var words = Extractor.Extract(string.Concat(Enumerable.Repeat("สองสิบร้อยพัน", 500)));
        Assert.All(words, e => Assert.InRange(e.Start, 0, 2000));
    }

    private static string Pairs(string text) => string.Join(";", Extract(text).Select(e => e.Type + "=" + e.Value).Order(StringComparer.Ordinal));

    [Theory]
    [InlineData("ขอทุเรียนทอดโหลนึงครับ", "product=SN-DUR;quantity=12")]
    [InlineData("น้ำพริกครึ่งโหล", "product=SN-CHI;quantity=6")]
    [InlineData("ชุดของฝาก 3 โหล", "product=SN-BOX;quantity=36")]
    [InlineData("สามโหลเลยค่ะ", "quantity=36")]
    [InlineData("half a dozen lip tints", "product=BT-LIP;quantity=6")]
    [InlineData("three dozen soaps", "product=BT-SOP;quantity=36")]
    public void DozensAreTwelve(string text, string expected) => Assert.Equal(expected, Pairs(text));

    [Theory]
    [InlineData("เสื้อยืดขาวไซส์เอส", "colour=white;product=TS-WHT;size=S")]
    [InlineData("ขอเดรสไซซ์แอลค่ะ", "product=DR-SUM;size=L")]
    [InlineData("เชิ้ตลินินเอ็กซ์แอล", "product=SH-LIN;size=XL")]
    [InlineData("white tee sz m", "colour=white;product=TS-WHT;size=M")]
    [InlineData("the linen shirt, large please", "product=SH-LIN;size=L")]
    [InlineData("tee in s", "product=TS-BLK;size=S")]
    [InlineData("เอาแอลสองตัว", "quantity=2;size=L")]
    public void SizesAreReadHowShoppersWriteThem(string text, string expected) => Assert.Equal(expected, Pairs(text));

    [Theory]
    [InlineData("m", "size=M")]
    [InlineData("เอาแอลค่ะ", "size=L")]
    [InlineData("ไซส์เอ็มครับ", "size=M")]
    [InlineData("medium please", "size=M")]
    [InlineData("XL", "size=XL")]
    public void ASizeAloneAnswersASizeQuestion(string text, string expected) => Assert.Equal(expected, Pairs(text));

    [Theory]
    [InlineData("i'm looking for something small", "")]
    [InlineData("แอลกอฮอล์เจลมีไหม", "")]
    [InlineData("will it be large enough for a laptop", "")]
    public void SizeWordsWithoutAProductAreNotSizes(string text, string expected) => Assert.Equal(expected, Pairs(text));

    [Theory]
    [InlineData("เอากระเป๋าใบเดียวพอ", "product=BG-TOT;quantity=1")]
    [InlineData("สบู่อีกก้อนนึง", "product=BT-SOP;quantity=1")]
    [InlineData("ขอชาไทยห่อหนึ่ง", "product=SN-TEA;quantity=1")]
    public void OneOfAUnitIsOne(string text, string expected) => Assert.Equal(expected, Pairs(text));

    [Theory]
    [InlineData("ดิฉันสูง 162 หนัก 55 ค่ะ")]
    [InlineData("เอว 28 นิ้ว สะโพก 36")]
    [InlineData("i'm 180 cm and 75 kg")]
    [InlineData("waited 4 days already")]
    [InlineData("รอมา 5 วันแล้ว")]
    [InlineData("ให้ 5 ดาวเลย")]
    public void MeasuresAreNotQuantities(string text) => Assert.DoesNotContain(Extract(text), e => e.Type == EntityType.Quantity);

    [Fact]
    public void HouseAndSoiNumbersOfAnAddressAreNotQuantities() =>
        Assert.Equal("address=ที่อยู่ 88/9 ซอยสุขุมวิท 22 แขวงคลองเตย เขตคลองเตย กรุงเทพ 10110;postcode=10110", Pairs("ที่อยู่ 88/9 ซอยสุขุมวิท 22 แขวงคลองเตย เขตคลองเตย กรุงเทพ 10110"));

    [Theory]
    [InlineData("เบอร์ 09 8765 4321", "0987654321")]
    [InlineData("061.222.3333", "0612223333")]
    [InlineData("tel 02.123.4567", "021234567")]
    [InlineData("+66.89.111.2222", "0891112222")]
    public void PhonesWrittenWithSpacesOrDots(string text, string expected) => Assert.Equal([(EntityType.Phone, expected)], Extract(text));

    [Theory]
    [InlineData("โอนให้แล้วเจ็ดร้อยยี่สิบบาท", "72000")]
    [InlineData("ยอดหนึ่งพันสองร้อย บาท", "120000")]
    [InlineData("ซื้อครบ 700 ได้ส่วนลดไหม", "70000")]
    [InlineData("budget under 1,000", "100000")]
    public void MoneyInWordsOrByContext(string text, string satang) => Assert.Contains((EntityType.Money, satang), Extract(text));

    [Fact]
    public void ATotalNeededForAnOfferIsNotAQuantity() => Assert.DoesNotContain(Extract("ซื้อครบ 700 ได้ส่วนลดไหม"), e => e.Type == EntityType.Quantity);

    [Theory]
    [InlineData("เสื้อยืดคอกลมสีขาวสองตัว", "colour=white;product=TS-WHT;quantity=2")]
    [InlineData("ยืดดำ 1", "colour=black;product=TS-BLK;quantity=1")]
    [InlineData("ครีมกันแดด 2 หลอด", "product=BT-SUN;quantity=2")]
    public void AColourInAProductsNameIsAlsoTheColour(string text, string expected) => Assert.Equal(expected, Pairs(text));
}
