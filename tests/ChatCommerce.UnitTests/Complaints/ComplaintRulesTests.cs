using ChatCommerce.Dialogs.Complaints;
using ChatCommerce.Domain.Cases;

namespace ChatCommerce.UnitTests.Complaints;

public sealed class ComplaintRulesTests
{
    [Theory]
    [InlineData("ของแตกมาค่ะ", CaseCategories.Damaged)]
    [InlineData("The mug arrived cracked", CaseCategories.Damaged)]
    [InlineData("ได้ของผิดสีค่ะ", CaseCategories.WrongItem)]
    [InlineData("ของไม่ครบค่ะ ขาดไปหนึ่งชิ้น", CaseCategories.Missing)]
    [InlineData("my parcel never arrived", CaseCategories.Missing)]
    [InlineData("ส่งช้ามากเลย", CaseCategories.Late)]
    [InlineData("rude staff, bad service", CaseCategories.Service)]
    [InlineData("ไม่รู้สิ", null)]
    [InlineData("เอาเสื้อยืดสีดำ 2 ตัว", null)]
    public void WordsPointToACategory(string text, string? category) => Assert.Equal(category, ComplaintRules.CategoryOf(text));

    [Theory]
    [InlineData(CaseCategories.Late, false, 0L, false, CaseSeverity.Low)]
    [InlineData(CaseCategories.Damaged, false, 0L, false, CaseSeverity.Medium)]
    [InlineData(CaseCategories.Damaged, true, 0L, false, CaseSeverity.High)]
    [InlineData(CaseCategories.Late, false, 250_000L, true, CaseSeverity.High)]
    [InlineData(CaseCategories.Service, true, 0L, false, CaseSeverity.Medium)]
    [InlineData(CaseCategories.Missing, true, 900_000L, true, CaseSeverity.High)]
    public void SeverityGrowsWithCategoryFeelingValueAndRepeats(string category, bool negative, long total, bool repeat, CaseSeverity expected) =>
        Assert.Equal(expected, ComplaintRules.Severity(category, negative, total, repeat));

    [Theory]
    [InlineData("2026-12-01T07:00:00+07:00", 8, "2026-12-01T17:00:00+07:00")]
    [InlineData("2026-12-01T17:00:00+07:00", 2, "2026-12-02T10:00:00+07:00")]
    [InlineData("2026-12-01T20:30:00+07:00", 2, "2026-12-02T11:00:00+07:00")]
    [InlineData("2026-12-01T10:00:00+07:00", 24, "2026-12-03T16:00:00+07:00")]
    public void AnswerTimesCountOnlyWorkingHours(string from, int hours, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            ComplaintRules.AddWorkingTime(DateTimeOffset.Parse(from, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromHours(hours), new TimeOnly(9, 0), new TimeOnly(18, 0)));

    [Theory]
    [InlineData("อยากได้เงินคืนค่ะ", "refund")]
    [InlineData("ขอคืนเงินได้ไหม", "refund")]
    [InlineData("I want a refund", "refund")]
    [InlineData("ขอเปลี่ยนเป็นไซส์ M", "replacement")]
    [InlineData("ส่งชิ้นใหม่มาให้หน่อย", "replacement")]
    [InlineData("please send a new one", "replacement")]
    [InlineData("แล้วแต่ร้านเลยค่ะ", "other")]
    public void TheShoppersWishIsReadFromTheirWords(string text, string wish) =>
        Assert.Equal(wish, ChatCommerce.Dialogs.Complaints.ComplaintFlow.WishOf(text));
}
