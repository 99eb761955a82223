using ChatCommerce.Dialogs.Welcome;
using ChatCommerce.Domain.Catalog;

namespace ChatCommerce.UnitTests.Engine;

/// <summary>How a message's words score a product: its name counts twice, its description once, whatever their case.</summary>
public sealed class CatalogWordsTests
{
    private static readonly Product Soap = new()
    {
        Sku = "SOAP-1",
        CfCode = "s1",
        CategoryId = "care",
        NameTh = "สบู่มะขาม",
        NameEn = "Tamarind Herbal Soap",
        DescriptionTh = "ผสมขมิ้นชัน",
        DescriptionEn = "With TURMERIC and honey",
    };

    [Theory]
    [InlineData("anything with turmeric?", 1)]
    [InlineData("tamarind soap", 4)]
    [InlineData("HERBAL honey", 3)]
    [InlineData("สบู่มะขาม", 2)]
    [InlineData("ขมิ้นชัน", 1)]
    [InlineData("linen shirt", 0)]
    public void NameWordsCountTwiceAndDescriptionWordsOnceIgnoringCase(string message, int expected) =>
        Assert.Equal(expected, CatalogWords.Score(CatalogWords.Of(CatalogWords.Trim(message)), Soap));
}
