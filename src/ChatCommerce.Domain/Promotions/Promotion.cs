namespace ChatCommerce.Domain.Promotions;

/// <summary>The kinds of promotion, by the names the owner API and other tools use.</summary>
public static class PromotionKinds
{
    /// <summary>Spend over an amount, get an amount or a percent off (optionally in steps).</summary>
    public const string SpendOver = "spend_over";

    /// <summary>Shipping free when the goods reach an amount.</summary>
    public const string FreeShipping = "free_shipping";

    /// <summary>A percent (or an amount per unit) off eligible units by how many are bought, across variants.</summary>
    public const string QuantityTier = "quantity_tier";

    /// <summary>Buy X eligible units, get Y units (of the same or other products) free or at a percent off.</summary>
    public const string BuyXGetY = "buy_x_get_y";

    /// <summary>A set of products for one price.</summary>
    public const string Bundle = "bundle";

    /// <summary>A code the shopper types: an amount or a percent off the order.</summary>
    public const string Voucher = "voucher";

    public static readonly IReadOnlyList<string> All = [SpendOver, FreeShipping, QuantityTier, BuyXGetY, Bundle, Voucher];

    /// <summary>Discounts units of products; a unit gets at most one of them.</summary>
    public static bool IsItemLevel(string kind) => kind is QuantityTier or BuyXGetY or Bundle;
}

/// <summary>
/// A promotion as the owner sets it. Which fields count depends on <see cref="Kind"/>; the
/// validator says which are missing or contradictory. Amounts are satang, percents whole numbers.
/// </summary>
public class Promotion
{
    /// <summary>Lower-case letters, digits and dashes ("spend-500"), chosen by the owner or made from the name.</summary>
    public string Id { get; set; } = "";

    /// <summary>What shoppers read, in Thai.</summary>
    public string Name { get; set; } = "";

    /// <summary>What shoppers read in English; the Thai name when empty.</summary>
    public string? NameEn { get; set; }

    public string Kind { get; set; } = "";

    public bool Active { get; set; } = true;

    public DateTimeOffset? StartsAt { get; set; }

    public DateTimeOffset? EndsAt { get; set; }

    /// <summary>Eligible products by SKU; with <see cref="Categories"/> empty too, every product is eligible.</summary>
    public List<string> Skus { get; set; } = [];

    /// <summary>Eligible products by category id.</summary>
    public List<string> Categories { get; set; } = [];

    /// <summary>Customers of these tiers only (empty: any customer).</summary>
    public List<string> Tiers { get; set; } = [];

    /// <summary>Customers of these segments only (empty: any customer). With tiers too, a customer needs both.</summary>
    public List<string> Segments { get; set; } = [];

    /// <summary>How many orders may use it in all; null: no limit.</summary>
    public int? MaxUses { get; set; }

    /// <summary>How many orders of one customer may use it; null: no limit.</summary>
    public int? MaxUsesPerCustomer { get; set; }

    /// <summary>Applies alone: the basket gets either this or the best combination of the others. Free shipping is not a discount on goods and still applies.</summary>
    public bool Exclusive { get; set; }

    /// <summary>Higher first: the order in which item promotions take units, and the winner between equal prices.</summary>
    public int Priority { get; set; }

    /// <summary>
    /// spend_over: from <see cref="PromotionStep.MinSatang"/>, <see cref="PromotionStep.AmountSatang"/> or
    /// <see cref="PromotionStep.Percent"/> off; quantity_tier: from <see cref="PromotionStep.MinQuantity"/> units,
    /// a percent or an amount per unit off; free_shipping: one step with the amount from which shipping is free.
    /// </summary>
    public List<PromotionStep> Steps { get; set; } = [];

    /// <summary>buy_x_get_y: units to buy.</summary>
    public int BuyQuantity { get; set; }

    /// <summary>buy_x_get_y: units given for each <see cref="BuyQuantity"/> bought.</summary>
    public int GetQuantity { get; set; }

    /// <summary>buy_x_get_y: the products given; empty: the eligible products themselves (the cheapest units are the ones given).</summary>
    public List<string> GetSkus { get; set; } = [];

    /// <summary>buy_x_get_y: percent off the given units; 100 is free.</summary>
    public int GetPercent { get; set; } = 100;

    /// <summary>bundle: the products and how many of each make one bundle.</summary>
    public List<BundleItem> Items { get; set; } = [];

    /// <summary>bundle: the price of one bundle.</summary>
    public long BundlePriceSatang { get; set; }

    /// <summary>voucher: the code shoppers type (compared without case and dashes).</summary>
    public string? Code { get; set; }

    /// <summary>voucher: only this customer may use it (a compensation voucher).</summary>
    public string? CustomerId { get; set; }

    /// <summary>free_shipping: the shipping methods it frees (empty: all).</summary>
    public List<string> ShippingMethods { get; set; } = [];

    /// <summary>Largest discount a percent may give; null: no cap.</summary>
    public long? MaxDiscountSatang { get; set; }

    /// <summary>A basket this close below a threshold is nudged (or within <see cref="NudgeBandPercent"/> of it).</summary>
    public long NudgeBandSatang { get; set; } = 15_000;

    /// <summary>A basket within this percent of a threshold is nudged.</summary>
    public int NudgeBandPercent { get; set; } = 25;

    public string DisplayName(string locale) => locale == "en" && !string.IsNullOrWhiteSpace(NameEn) ? NameEn : Name;

    /// <summary>Whether the schedule and the switch allow it at this time.</summary>
    public bool RunsAt(DateTimeOffset at) => Active && (StartsAt is null || StartsAt <= at) && (EndsAt is null || at < EndsAt);

    /// <summary>A code as compared: Latin letters (upper case) and digits only, so "sorry-50" is "SORRY50" and Thai text is empty.</summary>
    public static string NormalizeCode(string code)
    {
        Span<char> buffer = stackalloc char[Math.Min(code.Length, 64)];
        var length = 0;
        foreach (var c in code)
        {
            if (char.IsAsciiLetterOrDigit(c) && length < buffer.Length)
            {
                buffer[length++] = char.ToUpperInvariant(c);
            }
        }

        return new string(buffer[..length]);
    }
}

public sealed class PromotionStep
{
    public long MinSatang { get; set; }

    public int MinQuantity { get; set; }

    public long AmountSatang { get; set; }

    public int Percent { get; set; }
}

public sealed class BundleItem
{
    public string Sku { get; set; } = "";

    public int Quantity { get; set; } = 1;
}
