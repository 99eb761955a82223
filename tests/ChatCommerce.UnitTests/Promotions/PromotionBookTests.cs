using ChatCommerce.Domain.Promotions;

namespace ChatCommerce.UnitTests.Promotions;

/// <summary>Each kind of promotion on baskets worked out by hand, and how they combine.</summary>
public sealed class PromotionBookTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 5, 0, 0, TimeSpan.Zero);

    // A shirt ฿300, a cap ฿150, socks ฿50, a jacket ฿1,200.
    private static PricingItem Shirt(int quantity, string size = "M") => new("shirt/" + size, "shirt", "tops", 30_000, quantity);

    private static PricingItem Cap(int quantity) => new("cap", "cap", "accessories", 15_000, quantity);

    private static PricingItem Socks(int quantity) => new("socks", "socks", "accessories", 5_000, quantity);

    private static PricingItem Jacket(int quantity) => new("jacket", "jacket", "tops", 120_000, quantity);

    private static Promotion SpendOver(string id, params (long Min, long Amount)[] steps) => new()
    {
        Id = id, Name = id, Kind = PromotionKinds.SpendOver,
        Steps = [.. steps.Select(s => new PromotionStep { MinSatang = s.Min, AmountSatang = s.Amount })],
    };

    private static Promotion FreeShipping(long from, params string[] methods) => new()
    {
        Id = "ship-" + from, Name = "ส่งฟรี", Kind = PromotionKinds.FreeShipping,
        Steps = [new PromotionStep { MinSatang = from }], ShippingMethods = [.. methods],
    };

    private static Promotion QuantityTier(string id, string category, params (int Min, int Percent)[] steps) => new()
    {
        Id = id, Name = id, Kind = PromotionKinds.QuantityTier, Categories = [category],
        Steps = [.. steps.Select(s => new PromotionStep { MinQuantity = s.Min, Percent = s.Percent })],
    };

    private static PriceQuote Price(IEnumerable<Promotion> promotions, params PricingItem[] items) =>
        new PromotionBook(promotions).Price(new PricingRequest(items, Now) { ExplainSkipped = true });

    [Fact]
    public void SpendOverTakesTheHighestStepReached()
    {
        var tiered = SpendOver("spend", (50_000, 5_000), (100_000, 12_000));
        var below = Price([tiered], Shirt(1));
        Assert.Equal(0, below.DiscountSatang);
        Assert.Equal(SkipReasons.BelowThreshold, Assert.Single(below.Skipped).Code);

        var first = Price([tiered], Shirt(2));
        Assert.Equal(5_000, first.DiscountSatang);
        Assert.Equal(55_000, first.TotalSatang);
        Assert.Contains("฿600", Assert.Single(first.Applied).Reason);

        var second = Price([tiered], Shirt(4));
        Assert.Equal(12_000, second.OrderDiscountSatang);
        Assert.Equal(108_000, second.GoodsSatang);
    }

    [Fact]
    public void APercentIsCappedAndNeverMoreThanTheGoods()
    {
        var percent = new Promotion
        {
            Id = "ten", Name = "ten", Kind = PromotionKinds.SpendOver, MaxDiscountSatang = 10_000,
            Steps = [new PromotionStep { MinSatang = 0, Percent = 10 }],
        };
        Assert.Equal(3_000, Price([percent], Shirt(1)).DiscountSatang);
        Assert.Equal(10_000, Price([percent], Jacket(2)).DiscountSatang);
    }

    [Fact]
    public void QuantityTiersCountUnitsAcrossVariantsOfTheCategory()
    {
        var tier = QuantityTier("tops", "tops", (2, 10), (5, 20));
        var two = Price([tier], Shirt(1, "M"), Shirt(1, "L"), Cap(1));
        Assert.Equal(6_000, two.ItemDiscountSatang);
        Assert.Equal(["tops"], two.Lines[0].PromotionIds);
        Assert.Empty(two.Lines[2].PromotionIds);

        var five = Price([tier], Shirt(3, "M"), Jacket(2));
        Assert.Equal((90_000 + 240_000) * 20 / 100, five.ItemDiscountSatang);
    }

    [Fact]
    public void BuyTwoGetOneGivesTheCheaperUnitOfEachThree()
    {
        var deal = new Promotion { Id = "b2g1", Name = "b2g1", Kind = PromotionKinds.BuyXGetY, Categories = ["accessories"], BuyQuantity = 2, GetQuantity = 1 };
        // Dearest first: cap, cap, cap | socks, socks, socks: one cap and one pair of socks free.
        var quote = Price([deal], Cap(3), Socks(3));
        Assert.Equal(15_000 + 5_000, quote.ItemDiscountSatang);
        // Two units are not a run of three: nothing.
        Assert.Equal(0, Price([deal], Cap(2)).ItemDiscountSatang);
    }

    [Fact]
    public void BuyAShirtGetTheCapHalfPrice()
    {
        var deal = new Promotion { Id = "shirt-cap", Name = "shirt-cap", Kind = PromotionKinds.BuyXGetY, Skus = ["shirt"], GetSkus = ["cap"], BuyQuantity = 1, GetQuantity = 1, GetPercent = 50 };
        Assert.Equal(7_500, Price([deal], Shirt(1), Cap(2)).ItemDiscountSatang);
        Assert.Equal(15_000, Price([deal], Shirt(2), Cap(2)).ItemDiscountSatang);
        Assert.Equal(SkipReasons.NoItems, Assert.Single(Price([deal], Shirt(2)).Skipped).Code);
    }

    [Fact]
    public void ABundleCostsItsPriceAndLeftoverUnitsCostTheirOwn()
    {
        var bundle = new Promotion
        {
            Id = "set", Name = "set", Kind = PromotionKinds.Bundle, BundlePriceSatang = 40_000,
            Items = [new BundleItem { Sku = "shirt", Quantity = 1 }, new BundleItem { Sku = "cap", Quantity = 1 }],
        };
        var quote = Price([bundle], Shirt(2), Cap(1));
        Assert.Equal(5_000, quote.ItemDiscountSatang);
        Assert.Equal(40_000 + 30_000, quote.GoodsSatang);
        Assert.Equal(quote.ItemDiscountSatang, quote.Lines.Sum(l => l.DiscountSatang));
    }

    [Fact]
    public void WhereItemPromotionsShareAProductTheHigherPriorityTakesIt()
    {
        var bundle = new Promotion
        {
            Id = "a-set", Name = "set", Kind = PromotionKinds.Bundle, BundlePriceSatang = 42_000, Priority = 5,
            Items = [new BundleItem { Sku = "shirt", Quantity = 1 }, new BundleItem { Sku = "cap", Quantity = 1 }],
        };
        var tier = QuantityTier("b-tier", "tops", (2, 40));
        var quote = Price([bundle, tier], Shirt(2), Cap(1));
        Assert.Equal(["a-set"], quote.PromotionIds);
        Assert.Equal(3_000, quote.ItemDiscountSatang);
        Assert.Equal(SkipReasons.UnitsTaken, Assert.Single(quote.Skipped).Code);

        // The owner decides by priority: the tier first, and the bundle has no shirt left.
        tier.Priority = 9;
        var flipped = Price([bundle, tier], Shirt(2), Cap(1));
        Assert.Equal(["b-tier"], flipped.PromotionIds);
        Assert.Equal(24_000, flipped.ItemDiscountSatang);
    }

    [Fact]
    public void ThresholdsAreJudgedAfterItemDiscounts()
    {
        var tier = QuantityTier("tops", "tops", (2, 10));
        var spend = SpendOver("spend", (60_000, 5_000));
        // Two shirts list at ฿600 but cost ฿540 after the tier: below ฿600. Yet the spend
        // discount without the tier is worth less (฿50 < ฿60), so the tier stays.
        var quote = Price([tier, spend], Shirt(2));
        Assert.Equal(["tops"], quote.PromotionIds);
        Assert.Equal(54_000, quote.GoodsSatang);
        var nudge = Assert.Single(quote.Nudges);
        Assert.Equal("spend", nudge.Promotion.Id);
        Assert.Equal(6_000, nudge.MissingSatang);
    }

    [Fact]
    public void AThresholdWorthMoreThanAnItemDiscountWinsOverIt()
    {
        var tier = QuantityTier("tops", "tops", (2, 5));
        var spend = SpendOver("spend", (60_000, 10_000));
        var quote = Price([tier, spend], Shirt(2));
        Assert.Equal(["spend"], quote.PromotionIds);
        Assert.Equal(50_000, quote.GoodsSatang);
    }

    [Fact]
    public void AnItemDiscountIsCutRatherThanLoseAThreshold()
    {
        // Two shirts at ฿320: ฿640, ฿576 after 10% off, under the ฿600 threshold. Keeping ฿40 of
        // the ฿64 keeps the basket at ฿600, and ฿50 off that is the best price: ฿550.
        var tier = QuantityTier("tops", "tops", (2, 10));
        var spend = SpendOver("spend", (60_000, 5_000));
        var shirts = new PricingItem("shirt/M", "shirt", "tops", 32_000, 2);
        var quote = Price([tier, spend], shirts);
        Assert.Equal(55_000, quote.TotalSatang);
        var cut = quote.Applied.Single(a => a.Promotion.Id == "tops");
        Assert.Equal(4_000, cut.DiscountSatang);
        Assert.Contains("cut by ฿24", cut.Reason);
        Assert.Equal(4_000, quote.Lines[0].DiscountSatang);
    }

    [Fact]
    public void AnExclusivePromotionAppliesAloneWhenItIsCheaper()
    {
        var spend = SpendOver("spend", (50_000, 5_000));
        var tier = QuantityTier("tops", "tops", (2, 10));
        var flash = new Promotion { Id = "flash", Name = "flash", Kind = PromotionKinds.SpendOver, Exclusive = true, Steps = [new PromotionStep { MinSatang = 0, Percent = 25 }] };
        var shipping = FreeShipping(50_000);
        var quote = new PromotionBook([spend, tier, flash, shipping]).Price(new PricingRequest([Shirt(2)], Now) { Shipping = new ShippingChoice("standard", 4_000) });
        Assert.Equal(["flash", "ship-50000"], quote.PromotionIds);
        Assert.Equal(45_000, quote.TotalSatang);

        // Below what the others give together, it is left out.
        flash.Steps[0].Percent = 5;
        var without = new PromotionBook([spend, tier, flash, shipping]).Price(new PricingRequest([Shirt(2)], Now) { Shipping = new ShippingChoice("standard", 4_000) });
        Assert.Equal(["ship-50000", "spend", "tops"], without.PromotionIds);
    }

    [Fact]
    public void FreeShippingFollowsItsThresholdAndMethods()
    {
        var ems = FreeShipping(100_000, "express");
        var request = new PricingRequest([Shirt(2)], Now) { Shipping = new ShippingChoice("standard", 4_000) };
        var book = new PromotionBook([FreeShipping(50_000, "standard"), ems]);
        var quote = book.Price(request);
        Assert.Equal(0, quote.ShippingSatang);
        Assert.Equal(4_000, quote.ShippingListSatang);
        Assert.Equal(4_000, Assert.Single(quote.Applied).DiscountSatang);

        var express = book.Price(request with { Shipping = new ShippingChoice("express", 6_000) });
        Assert.Equal(6_000, express.ShippingSatang);
        Assert.Equal(66_000, express.TotalSatang);
    }

    [Fact]
    public void AVoucherNeedsItsCodeAndStacksWithASpendDiscount()
    {
        var voucher = new Promotion { Id = "sorry", Name = "sorry", Kind = PromotionKinds.Voucher, Code = "CC-ABCD2345", Steps = [new PromotionStep { AmountSatang = 10_000 }] };
        var spend = SpendOver("spend", (50_000, 5_000));
        var book = new PromotionBook([voucher, spend]);
        Assert.Equal(5_000, book.Price(new PricingRequest([Shirt(2)], Now)).DiscountSatang);
        var entered = book.Price(new PricingRequest([Shirt(2)], Now) { Codes = ["cc abcd 2345"] });
        Assert.Equal(15_000, entered.DiscountSatang);
    }

    [Fact]
    public void SchedulesCustomersAndCapsDecideWhoGetsWhat()
    {
        var gold = SpendOver("gold", (0, 2_000));
        gold.Tiers = ["gold"];
        var later = SpendOver("later", (0, 3_000));
        later.StartsAt = Now.AddDays(1);
        var capped = SpendOver("capped", (0, 4_000));
        capped.MaxUses = 10;
        var once = SpendOver("once", (0, 5_000));
        once.MaxUsesPerCustomer = 1;
        var book = new PromotionBook([gold, later, capped, once]);
        var usage = new PromotionUsage(new Dictionary<string, int> { ["capped"] = 10 }, new Dictionary<string, int> { ["once"] = 1 });
        var quote = book.Price(new PricingRequest([Shirt(1)], Now) { Customer = new PricingCustomer("c1", "silver", "new"), Usage = usage, ExplainSkipped = true });
        Assert.Equal(0, quote.DiscountSatang);
        var reasons = quote.Skipped.ToDictionary(s => s.Promotion.Id, s => s.Code);
        Assert.Equal(SkipReasons.Customer, reasons["gold"]);
        Assert.Equal(SkipReasons.NotStarted, reasons["later"]);
        Assert.Equal(SkipReasons.Cap, reasons["capped"]);
        Assert.Equal(SkipReasons.CustomerCap, reasons["once"]);

        var goldCustomer = book.Price(new PricingRequest([Shirt(1)], Now) { Customer = new PricingCustomer("c2", "gold", "loyal") });
        Assert.Equal(["once"], goldCustomer.PromotionIds);
    }

    [Fact]
    public void NudgesNameWhatIsMissingWithinTheBand()
    {
        var spend = SpendOver("spend", (100_000, 12_000));
        var shipping = FreeShipping(50_000);
        var book = new PromotionBook([spend, shipping]);
        // ฿900: ฿100 from the spend discount (within ฿150), free shipping reached.
        var near = book.Price(new PricingRequest([Shirt(3)], Now) { Shipping = new ShippingChoice("standard", 4_000) });
        var nudge = Assert.Single(near.Nudges);
        Assert.Equal(10_000, nudge.MissingSatang);
        Assert.Equal(12_000, nudge.UnlocksSatang);

        // ฿300: ฿700 from the spend discount is too far; ฿200 from free shipping is within 40% of it (band 25%: no).
        var far = book.Price(new PricingRequest([Shirt(1)], Now));
        Assert.Empty(far.Nudges);
        var close = book.Price(new PricingRequest([Shirt(1), Cap(1)], Now));
        Assert.True(Assert.Single(close.Nudges).IsFreeShipping);
        Assert.Equal(5_000, close.Nudges[0].MissingSatang);
    }

    [Fact]
    public void TheValidatorSaysWhatToFix()
    {
        var refs = new PromotionReferences(
            new Dictionary<string, long> { ["shirt"] = 30_000, ["cap"] = 15_000 },
            new HashSet<string> { "tops" }, new HashSet<string> { "standard" }, new HashSet<string> { "gold" });
        var bad = new Promotion
        {
            Id = "Bad Id", Name = "", Kind = PromotionKinds.SpendOver, StartsAt = Now, EndsAt = Now,
            MaxUses = 1, MaxUsesPerCustomer = 2, Skus = ["nope"], Tiers = ["bronze"],
            Steps = [new PromotionStep { MinSatang = 100_000, AmountSatang = 10_000 }, new PromotionStep { MinSatang = 50_000, AmountSatang = 20_000 }],
        };
        var fields = PromotionValidator.Validate(bad, refs).Select(p => p.Field).ToHashSet();
        Assert.Superset(new HashSet<string> { "id", "name", "endsAt", "maxUsesPerCustomer", "skus", "tiers", "steps" }, fields);
        Assert.Equal(7, fields.Count);

        var bundle = new Promotion { Id = "set", Name = "set", Kind = PromotionKinds.Bundle, BundlePriceSatang = 50_000, Items = [new BundleItem { Sku = "shirt" }, new BundleItem { Sku = "cap" }] };
        Assert.Contains(PromotionValidator.Validate(bundle, refs), p => p.Field == "bundlePriceSatang" && p.Message.Contains("save nothing"));
        bundle.BundlePriceSatang = 40_000;
        Assert.Empty(PromotionValidator.Validate(bundle, refs));

        var ship = FreeShipping(50_000, "drone");
        ship.Exclusive = true;
        Assert.Equal(["exclusive", "shippingMethods"], PromotionValidator.Validate(ship, refs).Select(p => p.Field).Order());
    }
}
