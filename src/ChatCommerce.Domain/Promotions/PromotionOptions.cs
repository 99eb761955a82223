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

    /// <summary>A basket unchanged this long, with no order, is reminded of (once for the same content).</summary>
    public TimeSpan RemindAfter { get; set; } = TimeSpan.FromHours(3);

    /// <summary>A basket older than this is left alone.</summary>
    public TimeSpan RemindWithin { get; set; } = TimeSpan.FromDays(2);

    /// <summary>At most one basket reminder per customer in this many days.</summary>
    public int ReminderEveryDays { get; set; } = 7;

    /// <summary>No reminder between these times of the shop's day (from 21:00 to 09:00).</summary>
    public TimeOnly QuietFrom { get; set; } = new(21, 0);

    public TimeOnly QuietUntil { get; set; } = new(9, 0);

    /// <summary>A reminder not delivered within this is dropped (a basket reminder is stale by evening).</summary>
    public TimeSpan ReminderExpiry { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Whether this time of the shop's day is quiet (the span may pass midnight).</summary>
    public bool IsQuiet(TimeOnly local) =>
        QuietFrom <= QuietUntil ? local >= QuietFrom && local < QuietUntil : local >= QuietFrom || local < QuietUntil;
}
