using ChatCommerce.Domain.Catalog;
using ChatCommerce.Domain.Customers;

namespace ChatCommerce.UnitTests.Customers;

public sealed class RecommendationsTests
{
    private static Product P(string sku, string category, int stock = 5, bool active = true) =>
        new() { Sku = sku, CfCode = sku, CategoryId = category, NameTh = sku, NameEn = sku, Stock = stock, Active = active };

    private static readonly Dictionary<string, string> Categories = new(StringComparer.Ordinal) { ["MANGO"] = "sweets", ["OLD-TEA"] = "drinks" };

    private static IReadOnlyList<string> Rank(IEnumerable<Product> products, string[] bought, Dictionary<string, long> together, Dictionary<string, long> sold, int max = 10) =>
        Recommendations.Rank(products, bought.ToHashSet(StringComparer.Ordinal), together, sold, Categories.GetValueOrDefault, max);

    [Fact]
    public void BoughtTogetherComesFirstThenTheirCategoriesThenBestSellers()
    {
        Product[] products =
        [
            P("MANGO", "sweets"), P("STICKY-RICE", "sweets"), P("COCONUT", "sweets"), P("CHILI", "sauces"),
            P("FISH-SAUCE", "sauces"), P("GREEN-TEA", "drinks"), P("THAI-TEA", "drinks"), P("BASIL", "herbs"),
        ];
        var together = new Dictionary<string, long> { ["CHILI"] = 2, ["GREEN-TEA"] = 7 };
        var sold = new Dictionary<string, long> { ["FISH-SAUCE"] = 900, ["BASIL"] = 40, ["COCONUT"] = 3, ["STICKY-RICE"] = 1, ["CHILI"] = 500, ["THAI-TEA"] = 2 };

        // Bought: a mango, and a tea no longer in the catalog (its category still counts).
        var picks = Rank(products, ["MANGO", "OLD-TEA"], together, sold);

        // Co-purchases by how often (not by sales), then the sweets and drinks by sales, then the rest
        // by sales; the mango itself never.
        Assert.Equal(["GREEN-TEA", "CHILI", "COCONUT", "THAI-TEA", "STICKY-RICE", "FISH-SAUCE", "BASIL"], picks);
    }

    [Fact]
    public void OnlyActiveProductsInStockAreOfferedAndTiesGoBySku()
    {
        Product[] products = [P("B", "x"), P("A", "x"), P("GONE", "x", stock: 0), P("HIDDEN", "x", active: false), P("C", "y")];
        var together = new Dictionary<string, long> { ["GONE"] = 9, ["HIDDEN"] = 9 };

        Assert.Equal(["A", "B", "C"], Rank(products, [], together, []));
        Assert.Equal(["A", "B"], Rank(products, [], together, [], max: 2));
        Assert.Empty(Rank(products, [], together, [], max: 0));
    }
}
