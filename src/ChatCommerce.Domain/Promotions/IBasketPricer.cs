using ChatCommerce.Domain.Catalog;
using ChatCommerce.Domain.Orders;

namespace ChatCommerce.Domain.Promotions;

/// <summary>What to price: the basket's lines, for whom, with which codes and shipping method, when.</summary>
public sealed record BasketPricingRequest(IReadOnlyList<BasketLine> Lines, DateTimeOffset At)
{
    public PricingCustomer Customer { get; init; } = PricingCustomer.Anonymous;

    public IReadOnlyList<string> Codes { get; init; } = [];

    /// <summary>Null: not chosen yet (shipping counts zero).</summary>
    public string? ShippingMethodId { get; init; }

    public bool ExplainSkipped { get; init; }
}

/// <summary>
/// A priced basket with what was looked up to price it (products at their current price, the
/// shipping method) and the book and request it was priced with (to try additions against).
/// </summary>
public sealed record PricedBasket(PriceQuote Quote, IReadOnlyDictionary<string, Product> Products, ShippingMethod? Method, int WeightGrams, PromotionBook Book, PricingRequest Request)
{
    /// <summary>The priced line of a basket line (by its key), if its product still exists.</summary>
    public PricedLine? Line(BasketLine line) => Quote.Lines.FirstOrDefault(l => l.Key == line.Key);
}

/// <summary>Prices baskets with the catalog's current prices and the shop's promotions.</summary>
public interface IBasketPricer
{
    Task<PricedBasket> PriceAsync(BasketPricingRequest request, CancellationToken cancellationToken);
}
