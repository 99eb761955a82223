namespace ChatCommerce.Domain.Promotions;

/// <summary>One basket line as pricing sees it: its key (SKU and size), product, category, list price and quantity.</summary>
public sealed record PricingItem(string Key, string Sku, string CategoryId, long UnitPriceSatang, int Quantity)
{
    public long ListSatang => UnitPriceSatang * Quantity;
}

/// <summary>Who is buying, as far as promotions care, and how often they used the capped ones.</summary>
public sealed record PricingCustomer(string? CustomerId, string? Tier, string? Segment)
{
    public static PricingCustomer Anonymous { get; } = new(null, null, null);
}

/// <summary>How often the capped promotions were used: in all, and by this customer.</summary>
public sealed record PromotionUsage(IReadOnlyDictionary<string, int> Total, IReadOnlyDictionary<string, int> ByCustomer)
{
    public static PromotionUsage None { get; } = new(new Dictionary<string, int>(), new Dictionary<string, int>());
}

/// <summary>The shipping method chosen and what it costs for this basket before any promotion.</summary>
public readonly record struct ShippingChoice(string MethodId, long FeeSatang);

public sealed record PricingRequest(IReadOnlyList<PricingItem> Items, DateTimeOffset At)
{
    public const int MaxItems = 64;

    public PricingCustomer Customer { get; init; } = PricingCustomer.Anonymous;

    public PromotionUsage Usage { get; init; } = PromotionUsage.None;

    /// <summary>Voucher codes the shopper entered.</summary>
    public IReadOnlyList<string> Codes { get; init; } = [];

    /// <summary>Null: no method chosen yet (shipping counts zero; free-shipping nudges name the cheapest threshold).</summary>
    public ShippingChoice? Shipping { get; init; }

    /// <summary>Also say why each promotion not applied was not (the preview; chat needs only what applied).</summary>
    public bool ExplainSkipped { get; init; }
}

/// <summary>A line after item promotions: its list amount, the discount on it and which promotions gave it.</summary>
public sealed record PricedLine(string Key, string Sku, int Quantity, long UnitPriceSatang, long ListSatang, long DiscountSatang, IReadOnlyList<string> PromotionIds)
{
    public long NetSatang => ListSatang - DiscountSatang;
}

/// <summary>A promotion the basket gets, what it takes off (for free shipping: the fee waived) and why.</summary>
public sealed record AppliedPromotion(Promotion Promotion, long DiscountSatang, string Reason);

/// <summary>Why a promotion did not apply: a code (<see cref="SkipReasons"/>) and words for the owner.</summary>
public sealed record SkippedPromotion(Promotion Promotion, string Code, string Reason);

/// <summary>A threshold the basket is close to: how much (or how many units) is missing, and what reaching it gives.</summary>
/// <param name="ThresholdQuantity">For a quantity tier, the units of the step nudged towards (the threshold then is 0).</param>
public sealed record PromotionNudge(Promotion Promotion, long MissingSatang, int MissingQuantity, long ThresholdSatang, long UnlocksSatang, int ThresholdQuantity = 0)
{
    public bool IsFreeShipping => Promotion.Kind == PromotionKinds.FreeShipping;
}

public static class SkipReasons
{
    public const string Inactive = "inactive";
    public const string NotStarted = "not_started";
    public const string Ended = "ended";
    public const string Customer = "customer_not_eligible";
    public const string Cap = "cap_reached";
    public const string CustomerCap = "customer_cap_reached";
    public const string NoCode = "code_not_entered";
    public const string NoItems = "no_eligible_items";
    public const string BelowThreshold = "below_threshold";
    public const string Method = "shipping_method_not_eligible";
    public const string UnitsTaken = "units_taken";
    public const string NotBest = "better_combination";
}

/// <summary>What a basket costs: lines, discounts, shipping, the promotions applied and skipped, and the nudges.</summary>
public sealed record PriceQuote(
    IReadOnlyList<PricedLine> Lines,
    long SubtotalSatang,
    long ItemDiscountSatang,
    long OrderDiscountSatang,
    long ShippingListSatang,
    long ShippingSatang,
    IReadOnlyList<AppliedPromotion> Applied,
    IReadOnlyList<SkippedPromotion> Skipped,
    IReadOnlyList<PromotionNudge> Nudges)
{
    public long DiscountSatang => ItemDiscountSatang + OrderDiscountSatang;

    /// <summary>The goods after every discount.</summary>
    public long GoodsSatang => SubtotalSatang - DiscountSatang;

    public long TotalSatang => GoodsSatang + ShippingSatang;

    /// <summary>The applied promotions' ids, sorted: what an order records and a confirmed price is checked against.</summary>
    public IReadOnlyList<string> PromotionIds => [.. Applied.Select(a => a.Promotion.Id).Order(StringComparer.Ordinal)];
}
