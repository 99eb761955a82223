using ChatCommerce.Domain.Catalog;

namespace ChatCommerce.Domain.Orders;

/// <summary>
/// One way of sending an order, with its fee rule: a fee per order, plus a fee for each started
/// kilogram above the first, waived when the subtotal reaches <see cref="FreeAboveSatang"/>.
/// </summary>
public sealed class ShippingMethod
{
    public string Id { get; set; } = "";

    public string NameTh { get; set; } = "";

    public string NameEn { get; set; } = "";

    public long FeeSatang { get; set; }

    public long PerExtraKgSatang { get; set; }

    /// <summary>Subtotal from which shipping is free; 0 means never free.</summary>
    public long FreeAboveSatang { get; set; }

    public int LeadDaysMin { get; set; } = 1;

    public int LeadDaysMax { get; set; } = 3;

    public string Name(string locale) => locale == "en" ? NameEn : NameTh;

    public Money Fee(Money subtotal, int weightGrams)
    {
        if (FreeAboveSatang > 0 && subtotal.Satang >= FreeAboveSatang)
        {
            return Money.Zero;
        }

        var extraKg = weightGrams <= 1000 ? 0 : (weightGrams - 1000 + 999) / 1000;
        return new Money(FeeSatang + (PerExtraKgSatang * extraKg));
    }

    /// <summary>How much more the shopper must buy for free shipping, or null when it is free already or never.</summary>
    public Money? MissingForFree(Money subtotal) =>
        FreeAboveSatang > 0 && subtotal.Satang < FreeAboveSatang ? new Money(FreeAboveSatang - subtotal.Satang) : null;
}

/// <summary>Configuration section <c>ChatCommerce:Shipping</c>: the shop's shipping methods.</summary>
public sealed class ShippingOptions
{
    public const string Section = "ChatCommerce:Shipping";

    /// <summary>Left empty in configuration, the demo shop's two methods apply.</summary>
    public List<ShippingMethod> Methods { get; set; } = [];

    public IReadOnlyList<ShippingMethod> Effective => Methods.Count > 0 ? Methods : Defaults;

    public static IReadOnlyList<ShippingMethod> Defaults { get; } =
    [
        new() { Id = "standard", NameTh = "ไปรษณีย์ไทย", NameEn = "Registered post", FeeSatang = 4000, PerExtraKgSatang = 1000, FreeAboveSatang = 50000, LeadDaysMin = 2, LeadDaysMax = 4 },
        new() { Id = "express", NameTh = "EMS ด่วน", NameEn = "EMS express", FeeSatang = 6000, PerExtraKgSatang = 2000, FreeAboveSatang = 150000, LeadDaysMin = 1, LeadDaysMax = 2 },
    ];
}
