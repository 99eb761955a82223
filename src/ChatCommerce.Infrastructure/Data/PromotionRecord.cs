namespace ChatCommerce.Infrastructure.Data;

/// <summary>
/// A promotion's row: the definition as JSON, with the voucher code in a column of its own (unique).
/// How often it was used is counted from <c>order_promotions</c>; an order claiming a limited
/// promotion locks this row first, so two orders never both take its last use.
/// </summary>
public sealed class PromotionRecord
{
    public string Id { get; set; } = "";

    public string Kind { get; set; } = "";

    public bool Active { get; set; }

    /// <summary>A voucher's code as compared (upper case, letters and digits only).</summary>
    public string? Code { get; set; }

    public string Definition { get; set; } = "";

    public long CreatedAtMs { get; set; }

    public long UpdatedAtMs { get; set; }
}
