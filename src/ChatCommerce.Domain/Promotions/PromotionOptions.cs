namespace ChatCommerce.Domain.Promotions;

/// <summary>ChatCommerce:Promotions.</summary>
public sealed class PromotionOptions
{
    public const string Section = "ChatCommerce:Promotions";

    /// <summary>
    /// A price the shopper was shown at checkout is honoured this long: a promotion ending in
    /// between still applies to that order. Later, the order is priced again and, if the price
    /// changed, the shopper is asked again.
    /// </summary>
    public TimeSpan HonourFor { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// The share of customers (percent, stable per customer) who are never nudged, so that the
    /// nudges' effect can be measured against them.
    /// </summary>
    public int HoldoutPercent { get; set; } = 10;
}
