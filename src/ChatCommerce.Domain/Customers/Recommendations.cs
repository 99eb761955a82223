using ChatCommerce.Domain.Catalog;

namespace ChatCommerce.Domain.Customers;

/// <summary>
/// The order of a customer's picks (see <see cref="ICustomerInsights.RecommendedSkusAsync"/>),
/// from what the database tells of this customer and what the shop sells overall.
/// </summary>
public static class Recommendations
{
    /// <param name="products">The catalog's products; only the active ones in stock are picked.</param>
    /// <param name="bought">Every product the customer bought (never picked; their categories come second).</param>
    /// <param name="together">For products bought in the same orders as theirs: in how many such orders.</param>
    /// <param name="sold">Units sold of each product by the shop (orders not cancelled).</param>
    /// <param name="categoryOf">The category of a product bought, which may be out of the catalog's active list.</param>
    /// <returns>
    /// At most <paramref name="max"/> SKUs: those bought together first (most often first), then
    /// others of the categories the customer buys from, then the rest; within each, best sellers
    /// first; ties by SKU.
    /// </returns>
    public static IReadOnlyList<string> Rank(
        IEnumerable<Product> products,
        IReadOnlySet<string> bought,
        IReadOnlyDictionary<string, long> together,
        IReadOnlyDictionary<string, long> sold,
        Func<string, string?> categoryOf,
        int max)
    {
        if (max <= 0)
        {
            return [];
        }

        var categories = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sku in bought)
        {
            if (categoryOf(sku) is { } category)
            {
                categories.Add(category);
            }
        }

        return products
            .Where(p => p.Active && p.InStock && !bought.Contains(p.Sku))
            .Select(p => (p.Sku, Together: together.GetValueOrDefault(p.Sku), Sold: sold.GetValueOrDefault(p.Sku), p.CategoryId))
            .OrderBy(p => p.Together > 0 ? 0 : categories.Contains(p.CategoryId) ? 1 : 2)
            .ThenByDescending(p => p.Together)
            .ThenByDescending(p => p.Sold)
            .ThenBy(p => p.Sku, StringComparer.Ordinal)
            .Take(max)
            .Select(p => p.Sku)
            .ToList();
    }
}
