using ChatCommerce.Domain.Catalog;

namespace ChatCommerce.Domain.Orders;

/// <summary>
/// One way of sending an order, with its fee rule: a fee per order, plus a fee for each started
/// kilogram above the first. Free shipping is a promotion (<c>free_shipping</c>), not a setting.
/// </summary>
public sealed class ShippingMethod
{
    public string Id { get; set; } = "";

    public string NameTh { get; set; } = "";

    public string NameEn { get; set; } = "";

    public long FeeSatang { get; set; }

    public long PerExtraKgSatang { get; set; }

    /// <summary>
    /// Read once, when the shop has no promotions yet, into a free-shipping promotion for this
    /// method (the setting of versions before promotions); the promotion is what counts after that.
    /// </summary>
    public long FreeAboveSatang { get; set; }

    public int LeadDaysMin { get; set; } = 1;

    public int LeadDaysMax { get; set; } = 3;

    public string Name(string locale) => locale == "en" ? NameEn : NameTh;

    public Money Fee(int weightGrams)
    {
        var extraKg = weightGrams <= 1000 ? 0 : (weightGrams - 1000 + 999) / 1000;
        return new Money(FeeSatang + (PerExtraKgSatang * extraKg));
    }
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
        new() { Id = "standard", NameTh = "ไปรษณีย์ไทย", NameEn = "Registered post", FeeSatang = 4000, PerExtraKgSatang = 1000, LeadDaysMin = 2, LeadDaysMax = 4 },
        new() { Id = "express", NameTh = "EMS ด่วน", NameEn = "EMS express", FeeSatang = 6000, PerExtraKgSatang = 2000, LeadDaysMin = 1, LeadDaysMax = 2 },
    ];
}
