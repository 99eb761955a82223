using ChatCommerce.Language.Text;

namespace ChatCommerce.UnitTests.Language;

public sealed class PersonalDataTests
{
    [Theory]
    [InlineData("โทร 081-234-5678 นะคะ ของดีมาก", "โทร [phone] นะคะ ของดีมาก")]
    [InlineData("call me on +66 81 234 5678 please", "call me on [phone] please")]
    [InlineData("เบอร์ 0812345678", "เบอร์ [phone]")]
    [InlineData("เบอร์ ๐๘๑๒๓๔๕๖๗๘", "เบอร์ [phone]")]
    [InlineData("mail ploy.s+shop@example.co.th ด่วน", "mail [email] ด่วน")]
    [InlineData("บัตร 1-1020-00345-67-8 ค่ะ", "บัตร [number] ค่ะ")]
    [InlineData("tracking TH0123456789", "tracking TH[number]")]
    [InlineData("id U0c1d2e3f405162738495a6b7c8d9e0f1 here", "id [id] here")]
    [InlineData("ขอ 2 ตัว ไซส์ L ราคา 390", "ขอ 2 ตัว ไซส์ L ราคา 390")]
    [InlineData("แย่มาก ของไม่มา", "แย่มาก ของไม่มา")]
    public void PersonalDataIsMaskedAndTheRestKept(string text, string masked) =>
        Assert.Equal(masked, PersonalData.Mask(text));

    [Theory]
    [InlineData("99/1 หมู่ 3 ต.บางพูด อ.ปากเกร็ด จ.นนทบุรี 11120", true)]
    [InlineData("บ้านเลขที่ 12 ซอยสุขุมวิท 21 กรุงเทพฯ", true)]
    [InlineData("ถนนสีลม 10500", true)]
    [InlineData("12 Soi Sukhumvit 21, Bangkok 10110", true)]
    [InlineData("ของดีมากค่ะ ส่งไว", false)]
    [InlineData("ขอ 3 ตัว ราคา 10500 ได้ไหม", false)]
    [InlineData("the parcel never arrived, terrible", false)]
    public void AnAddressIsRecognised(string text, bool address) =>
        Assert.Equal(address, ChatCommerce.Language.Entities.EntityExtractor.LooksLikeAddress(text));
}
