using ChatCommerce.Domain.Promotions;
using FsCheck;
using FsCheck.Fluent;

namespace ChatCommerce.UnitTests.Promotions;

/// <summary>
/// Pricing's promises over random shops: random valid promotions of every kind (steps, exclusives,
/// priorities, restrictions to products and categories) on random baskets.
/// </summary>
public sealed class PricingProperties
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 5, 0, 0, TimeSpan.Zero);
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(2000);

    private sealed record Product(string Sku, string Category, long Price);

    private sealed record Shop(Product[] Products, Promotion[] Promotions, (int Product, int Quantity, string Size)[] Lines, string[] Codes, long ShippingFee)
    {
        public PricingItem[] Items => [.. Lines.Select(l => Item(Products[l.Product], l.Quantity, l.Size))];

        public static PricingItem Item(Product product, int quantity, string size) => new(product.Sku + "/" + size, product.Sku, product.Category, product.Price, quantity);

        public PriceQuote Price(IEnumerable<PricingItem> items, IEnumerable<Promotion>? promotions = null) =>
            new PromotionBook(promotions ?? Promotions).Price(new PricingRequest([.. items], Now) { Codes = Codes, Shipping = new ShippingChoice("standard", ShippingFee) });

        public override string ToString() =>
            $"products [{string.Join(", ", Products.Select(p => $"{p.Sku}:{p.Category}:{p.Price}"))}]; lines [{string.Join(", ", Lines.Select(l => $"{Products[l.Product].Sku}/{l.Size}x{l.Quantity}"))}]; codes [{string.Join(",", Codes)}]; promotions:\n"
                + string.Join('\n', Promotions.Select(Describe));

        private static string Describe(Promotion p) =>
            $"  {p.Id} {p.Kind} prio {p.Priority}{(p.Exclusive ? " exclusive" : "")} skus [{string.Join(",", p.Skus)}] cats [{string.Join(",", p.Categories)}] steps [{string.Join(", ", p.Steps.Select(s => $"{s.MinSatang}/{s.MinQuantity}:{s.AmountSatang}|{s.Percent}%"))}] "
                + $"buy {p.BuyQuantity} get {p.GetQuantity} [{string.Join(",", p.GetSkus)}] at {p.GetPercent}% items [{string.Join(",", p.Items.Select(i => i.Sku + "x" + i.Quantity))}] bundle {p.BundlePriceSatang} code {p.Code} cap {p.MaxDiscountSatang}";
    }

    private static readonly string[] Categories = ["tops", "shoes", "bags"];

    private static Gen<Product[]> ProductsGen =>
        from count in Gen.Choose(2, 6)
        from prices in Gen.ArrayOf(Gen.Choose(1, 300), count)
        from categories in Gen.ArrayOf(Gen.Choose(0, Categories.Length - 1), count)
        select Enumerable.Range(0, count).Select(i => new Product("p" + i, Categories[categories[i]], prices[i] * 500L)).ToArray();

    private static Gen<List<PromotionStep>> AmountSteps =>
        from count in Gen.Choose(1, 3)
        from mins in Gen.ArrayOf(Gen.Choose(1, 40), count)
        from percent in Gen.Elements(true, false)
        from values in Gen.ArrayOf(Gen.Choose(1, 30), count)
        select Rising(mins, values, percent);

    private static List<PromotionStep> Rising(int[] mins, int[] values, bool percent)
    {
        var orderedMins = mins.Distinct().Order().ToArray();
        var orderedValues = values.Order().Take(orderedMins.Length).ToArray();
        return [.. orderedMins.Select((m, i) => new PromotionStep
        {
            MinSatang = m * 5_000L,
            Percent = percent ? orderedValues[i] : 0,
            AmountSatang = percent ? 0 : Math.Min(orderedValues[i] * 1_000L, m * 5_000L),
        })];
    }

    private static Gen<Promotion> PromotionGen(Product[] products, int index) =>
        from kind in Gen.Elements(PromotionKinds.All.ToArray())
        from priority in Gen.Choose(0, 3)
        from exclusive in Gen.Frequency((1, Gen.Constant(true)), (5, Gen.Constant(false)))
        from restrict in Gen.Choose(0, 2)
        from sku in Gen.Choose(0, products.Length - 1)
        from other in Gen.Choose(0, products.Length - 1)
        from category in Gen.Elements(Categories)
        from steps in AmountSteps
        from quantities in Gen.ArrayOf(Gen.Choose(1, 6), 3)
        from percents in Gen.ArrayOf(Gen.Choose(1, 100), 3)
        from buy in Gen.Choose(1, 3)
        from get in Gen.Choose(1, 2)
        from saving in Gen.Choose(1, 90)
        select Make(products, index, kind, priority, exclusive, restrict, sku, other, category, steps, quantities, percents, buy, get, saving);

    private static Promotion Make(Product[] products, int index, string kind, int priority, bool exclusive, int restrict, int sku, int other, string category,
        List<PromotionStep> steps, int[] quantities, int[] percents, int buy, int get, int saving)
    {
        var p = new Promotion { Id = $"x{index}", Name = $"x{index}", Kind = kind, Priority = priority, Exclusive = exclusive && kind != PromotionKinds.FreeShipping };
        if (kind != PromotionKinds.Bundle)
        {
            if (restrict == 1)
            {
                p.Skus = [products[sku].Sku];
            }
            else if (restrict == 2)
            {
                p.Categories = [category];
            }
        }

        switch (kind)
        {
            case PromotionKinds.SpendOver:
                p.Steps = steps;
                break;
            case PromotionKinds.Voucher:
                p.Code = "CODE" + index;
                p.Steps = [steps[0]];
                break;
            case PromotionKinds.FreeShipping:
                p.Steps = [new PromotionStep { MinSatang = steps[0].MinSatang }];
                break;
            case PromotionKinds.QuantityTier:
                var minimums = quantities.Distinct().Order().ToArray();
                var ps = percents.Select(x => Math.Min(x, 60)).Order().Take(minimums.Length).ToArray();
                p.Steps = [.. minimums.Select((m, i) => new PromotionStep { MinQuantity = m, Percent = ps[i] })];
                break;
            case PromotionKinds.BuyXGetY:
                p.BuyQuantity = buy;
                p.GetQuantity = get;
                p.GetPercent = percents[0];
                if (other != sku && restrict == 1)
                {
                    p.GetSkus = [products[other].Sku];
                }

                break;
            case PromotionKinds.Bundle:
                var a = products[sku];
                var b = products[other];
                p.Items = a == b ? [new BundleItem { Sku = a.Sku, Quantity = 2 }] : [new BundleItem { Sku = a.Sku, Quantity = 1 }, new BundleItem { Sku = b.Sku, Quantity = quantities[0] % 2 + 1 }];
                var list = p.Items.Sum(i => products.First(x => x.Sku == i.Sku).Price * i.Quantity);
                p.BundlePriceSatang = Math.Max(1, list * (100 - saving) / 100);
                break;
        }

        return p;
    }

    private static Gen<Shop> ShopGen =>
        from products in ProductsGen
        from promotionCount in Gen.Choose(0, 7)
        from promotions in Gen.CollectToArray(Enumerable.Range(0, promotionCount).Select(i => PromotionGen(products, i)))
        from lineCount in Gen.Choose(1, 6)
        from lines in Gen.ArrayOf(
            from product in Gen.Choose(0, products.Length - 1)
            from quantity in Gen.Choose(1, 6)
            from size in Gen.Elements("S", "M", "L")
            select (product, quantity, size), lineCount)
        from codes in Gen.SubListOf(Enumerable.Range(0, 7).Select(i => "code" + i).ToArray())
        from fee in Gen.Elements(0L, 4_000L, 6_000L)
        select new Shop(products, [.. promotions], Distinct(lines, products), [.. codes], fee);

    /// <summary>One line per product and size, as a basket keeps them.</summary>
    private static (int, int, string)[] Distinct((int Product, int Quantity, string Size)[] lines, Product[] products) =>
        [.. lines.GroupBy(l => (l.Product, l.Size)).Select(g => (g.Key.Product, Math.Min(99, g.Sum(l => l.Quantity)), g.Key.Size))];

    private static void Check(Func<Shop, bool> property) =>
        Prop.ForAll(ShopGen.ToArbitrary(), property).Check(Runs);

    [Fact]
    public void TheDiscountIsNeverNegativeNorMoreThanTheSubtotal() => Check(shop =>
    {
        var quote = shop.Price(shop.Items);
        return quote.DiscountSatang >= 0 && quote.DiscountSatang <= quote.SubtotalSatang
            && quote.Lines.All(l => l.DiscountSatang >= 0 && l.DiscountSatang <= l.ListSatang)
            && quote.ShippingSatang >= 0 && quote.ShippingSatang <= quote.ShippingListSatang
            && quote.Applied.Sum(a => a.Promotion.Kind == PromotionKinds.FreeShipping ? 0 : a.DiscountSatang) == quote.DiscountSatang;
    });

    [Fact]
    public void AddingAnItemNeverRaisesThePriceOfTheOthers() => Check(shop =>
    {
        var before = shop.Price(shop.Items);
        return shop.Products.All(product =>
        {
            var added = shop.Price([.. shop.Items, Shop.Item(product, 1, "XL")]);
            return added.TotalSatang <= before.TotalSatang + product.Price;
        });
    });

    [Fact]
    public void TheOrderOfLinesDoesNotMatter() => Check(shop =>
    {
        var quote = shop.Price(shop.Items);
        var reversed = shop.Price(shop.Items.Reverse());
        var shuffled = shop.Price(shop.Items.OrderBy(i => i.Key.GetHashCode(StringComparison.Ordinal)));
        return Same(quote, reversed) && Same(quote, shuffled);
    });

    [Fact]
    public void TheSameBasketGetsTheSamePrice() => Check(shop =>
    {
        var once = shop.Price(shop.Items);
        var again = shop.Price(shop.Items);
        var otherOrderOfPromotions = shop.Price(shop.Items, shop.Promotions.Reverse());
        return Same(once, again) && Same(once, otherOrderOfPromotions);
    });

    private static bool Same(PriceQuote a, PriceQuote b) =>
        a.TotalSatang == b.TotalSatang && a.DiscountSatang == b.DiscountSatang && a.ShippingSatang == b.ShippingSatang
        && a.PromotionIds.SequenceEqual(b.PromotionIds);
}
