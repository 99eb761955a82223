using ChatCommerce.Domain.Catalog;
using ChatCommerce.Domain.Customers;
using ChatCommerce.Domain.Promotions;

namespace ChatCommerce.Dialogs.Promotions;

/// <summary>
/// The products that close a basket's nudges: active and in stock, the shopper's own likely picks
/// (history, co-purchases) first among those of about the same overshoot.
/// </summary>
public sealed class Upsell(ICatalogReader catalog, ICustomerInsights insights)
{
    /// <summary>Products tried per nudge at most: the catalog's cheapest closers first.</summary>
    public const int Tries = 24;

    /// <param name="hasOrdered">
    /// Whether the customer bought before: only then is their history asked for (a query over the
    /// shop's orders); a first-time shopper's close candidates go cheapest first.
    /// </param>
    /// <returns>The products, best first.</returns>
    public async Task<IReadOnlyList<Product>> SuggestAsync(PricedBasket priced, PromotionNudge nudge, string? customerId, bool hasOrdered, CancellationToken cancellationToken)
    {
        var products = await catalog.ProductsAsync(null, int.MaxValue, cancellationToken);
        var preferred = customerId is null || !hasOrdered ? [] : await insights.RecommendedSkusAsync(customerId, 20, cancellationToken);
        var candidates = products.Where(p => p.Active && p.InStock).Select(p => new NudgeCandidate(p.Sku, p.CategoryId, p.PriceSatang, p.Stock));
        var bySku = products.ToDictionary(p => p.Sku, StringComparer.Ordinal);
        return [.. NudgeAdvisor.Suggest(priced.Book, priced.Request, nudge, candidates, preferred, Tries).Select(sku => bySku[sku])];
    }
}
