using ChatCommerce.Domain.Catalog;
using ChatCommerce.Domain.Orders;
using ChatCommerce.Domain.Promotions;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>
/// Prices a basket from the cached catalog and the cached promotion book; reads the use counts
/// only when some promotion has a limit. Lines whose product is gone or retired are left out.
/// </summary>
public sealed class BasketPricer(ICatalogReader catalog, IPromotionStore promotions, IOptions<ShippingOptions> shipping) : IBasketPricer
{
    public async Task<PricedBasket> PriceAsync(BasketPricingRequest request, CancellationToken cancellationToken)
    {
        var products = await catalog.FindManyAsync(request.Lines.Select(l => l.Sku), cancellationToken);
        var book = await promotions.BookAsync(cancellationToken);
        var usage = book.HasLimits ? await promotions.UsageAsync(book, request.Customer.CustomerId, cancellationToken) : PromotionUsage.None;
        return Price(book, usage, products, shipping.Value.Effective, request);
    }

    /// <summary>The pure part, shared with placing an order (which reads products and uses inside its transaction).</summary>
    public static PricedBasket Price(PromotionBook book, PromotionUsage usage, IReadOnlyDictionary<string, Product> products, IReadOnlyList<ShippingMethod> methods, BasketPricingRequest request)
    {
        var items = new List<PricingItem>(request.Lines.Count);
        var weight = 0;
        foreach (var line in request.Lines)
        {
            if (products.TryGetValue(line.Sku, out var product) && product.Active && line.Quantity > 0)
            {
                items.Add(new PricingItem(line.Key, line.Sku, product.CategoryId, product.PriceSatang, line.Quantity));
                weight += product.WeightGrams * line.Quantity;
            }
        }

        var method = request.ShippingMethodId is { } id ? methods.FirstOrDefault(m => m.Id == id) : null;
        var pricing = new PricingRequest(items, request.At)
        {
            Customer = request.Customer,
            Usage = usage,
            Codes = request.Codes,
            Shipping = method is null ? null : new ShippingChoice(method.Id, method.Fee(weight).Satang),
            ExplainSkipped = request.ExplainSkipped,
        };
        return new PricedBasket(book.Price(pricing), products, method, weight, book, pricing);
    }
}
