namespace ChatCommerce.Domain.Promotions;

/// <summary>What the demo shop starts with: free shipping by method, a spend-more-save-more and a quantity tier.</summary>
public static class DemoPromotions
{
    public static IReadOnlyList<Promotion> All { get; } =
    [
        new()
        {
            Id = "free-shipping-standard", Name = "ส่งฟรีไปรษณีย์ไทย เมื่อซื้อครบ ฿500", NameEn = "Free registered post from ฿500",
            Kind = PromotionKinds.FreeShipping, ShippingMethods = ["standard"], Steps = [new PromotionStep { MinSatang = 50_000 }],
            // The basket always says how far free shipping is.
            NudgeBandPercent = 100,
        },
        new()
        {
            Id = "free-shipping-express", Name = "ส่งฟรี EMS เมื่อซื้อครบ ฿1,500", NameEn = "Free EMS from ฿1,500",
            Kind = PromotionKinds.FreeShipping, ShippingMethods = ["express"], Steps = [new PromotionStep { MinSatang = 150_000 }],
            NudgeBandPercent = 100,
        },
        new()
        {
            Id = "spend-more-save-more", Name = "ช้อปครบ ฿1,000 ลด ฿80 ครบ ฿2,000 ลด ฿200", NameEn = "Spend ฿1,000 save ฿80, ฿2,000 save ฿200",
            Kind = PromotionKinds.SpendOver,
            Steps = [new PromotionStep { MinSatang = 100_000, AmountSatang = 8_000 }, new PromotionStep { MinSatang = 200_000, AmountSatang = 20_000 }],
        },
        new()
        {
            Id = "snacks-by-the-box", Name = "ขนม 3 ชิ้นลด 10% 6 ชิ้นขึ้นไปลด 15%", NameEn = "Snacks: 3 for 10% off, 6 or more 15% off",
            Kind = PromotionKinds.QuantityTier, Categories = ["snacks"],
            Steps = [new PromotionStep { MinQuantity = 3, Percent = 10 }, new PromotionStep { MinQuantity = 6, Percent = 15 }],
        },
    ];
}
