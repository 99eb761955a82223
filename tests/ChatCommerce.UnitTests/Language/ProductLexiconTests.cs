using ChatCommerce.Domain.Catalog;
using ChatCommerce.Language.Entities;

namespace ChatCommerce.UnitTests.Language;

public sealed class ProductLexiconTests
{
    private static Product Item(string sku, string nameTh, string nameEn) =>
        new() { Sku = sku, CfCode = sku.ToLowerInvariant(), CategoryId = "test", NameTh = nameTh, NameEn = nameEn };

    [Fact]
    public void SharedLetterPairsAreCountedEachTimeAKeywordHoldsThem()
    {
        var lexicon = ProductLexicon.Build([Item("PAP", "มะละกอ", "papaya")], []);
        Assert.Equal(2, lexicon.KeywordCount);
        var keywords = lexicon.Entries.Single().Keywords;
        var papaya = keywords.ToList().IndexOf("papaya");
        var shared = new int[lexicon.KeywordCount];

        // "pap" has the pairs pa and ap; papaya holds pa twice and ap once.
        lexicon.CountSharedPairs([ProductLexicon.LetterPair('p', 'a'), ProductLexicon.LetterPair('a', 'p')], shared);

        Assert.Equal(3, shared[papaya]);
        Assert.Equal(0, shared[1 - papaya]);
    }

    /// <summary>
    /// A shop with many products (more keywords than the extractor counts on the stack) finds what
    /// the demo catalog alone finds: the keywords it skips for want of shared letter pairs are never
    /// ones a search would have found, exactly or misspelt.
    /// </summary>
    [Theory]
    [InlineData("เอาเสื้อยืดสีดำ 2 ตัว")]
    [InlineData("add the lip tnit x 4")]
    [InlineData("i want two white tees and a canvas tote")]
    [InlineData("ขอมะม่วงอบแห้งสองถุง กับทุเรียนทอด 1 ถุง")]
    [InlineData("give me a dozen soaps")]
    [InlineData("เซรัม ๓ ขวด")]
    [InlineData("cf dm1 2")]
    public void AManyProductCatalogFindsWhatTheSmallOneFinds(string text)
    {
        var many = DemoCatalog.Products.Concat(Enumerable.Range(0, 700).Select(i => Item($"ZQ-{i:000}", $"ซวกซวก{i:000}", $"zqxv item {i:000}"))).ToList();
        var small = new EntityExtractor(ProductLexicon.Build(DemoCatalog.Products));
        var large = new EntityExtractor(ProductLexicon.Build(many));
        Assert.True(ProductLexicon.Build(many).KeywordCount > 1024);

        var expected = small.Extract(text).Select(e => (e.Type, e.Text, e.Start, e.Value)).ToList();
        Assert.Contains(expected, e => e.Type == EntityType.Product);
        Assert.Equal(expected, large.Extract(text).Select(e => (e.Type, e.Text, e.Start, e.Value)).ToList());
    }
}
