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

    public async Task<IReadOnlyList<string>> SuggestAsync(PricedBasket priced, PromotionNudge nudge, string? customerId, CancellationToken cancellationToken)
    {
        var products = await catalog.ProductsAsync(null, int.MaxValue, cancellationToken);
        var preferred = customerId is null ? [] : await insights.RecommendedSkusAsync(customerId, 20, cancellationToken);
        var candidates = products.Where(p => p.Active && p.InStock).Select(p => new NudgeCandidate(p.Sku, p.CategoryId, p.PriceSatang, p.Stock));
        return NudgeAdvisor.Suggest(priced.Book, priced.Request, nudge, candidates, preferred, Tries);
    }
}
