using BenchmarkDotNet.Attributes;
using ChatCommerce.Domain.Promotions;

namespace ChatCommerce.Benchmarks;

/// <summary>
/// Pricing plus the nudge check for a basket of 20 lines against 200 active promotions (target:
/// under 20 µs on one core), against a baseline measured in the same run: the same basket's
/// subtotal summed from a price dictionary, which is all the code did before promotions.
/// </summary>
/// <remarks>
/// The shop: 500 products in 10 categories. The promotions: 60 spend-over (half on every product
/// with up to three steps, half on one category), 10 free shipping, 50 quantity tiers (on a
/// category or on a few products), 40 buy X get Y, 30 bundles and 10 vouchers, one of whose
/// codes the basket carries. The basket's 20 lines fall in several of them.
/// </remarks>
[MemoryDiagnoser]
public class PricingBenchmarks
{
    private PromotionBook _book = PromotionBook.Empty;
    private PricingRequest _request = null!;
    private Dictionary<string, long> _prices = [];
    private (string Sku, int Quantity)[] _lines = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20261201);
        var products = Enumerable.Range(0, 500).Select(i => (Sku: $"p{i:D3}", Category: $"c{i % 10}", Price: (random.Next(5, 300) * 1_000L))).ToArray();
        _prices = products.ToDictionary(p => p.Sku, p => p.Price);
        string Sku() => products[random.Next(products.Length)].Sku;
        var promotions = new List<Promotion>();
        for (var i = 0; i < 60; i++)
        {
            var steps = i % 2 == 0
                ? new List<PromotionStep> { new() { MinSatang = 50_000 + i * 1_000, AmountSatang = 5_000 }, new() { MinSatang = 100_000 + i * 2_000, AmountSatang = 12_000 }, new() { MinSatang = 300_000, AmountSatang = 40_000 } }
                : [new PromotionStep { MinSatang = 20_000 + i * 500, Percent = 5 + i % 10 }];
            promotions.Add(new Promotion { Id = $"spend-{i}", Name = "spend", Kind = PromotionKinds.SpendOver, Priority = i % 4, Categories = i % 2 == 0 ? [] : [$"c{i % 10}"], Steps = steps, MaxDiscountSatang = i % 2 == 0 ? null : 20_000 });
        }

        for (var i = 0; i < 10; i++)
        {
            promotions.Add(new Promotion { Id = $"ship-{i}", Name = "ship", Kind = PromotionKinds.FreeShipping, Steps = [new PromotionStep { MinSatang = 30_000 + i * 20_000 }], ShippingMethods = [i % 2 == 0 ? "standard" : "express"] });
        }

        for (var i = 0; i < 50; i++)
        {
            promotions.Add(new Promotion
            {
                Id = $"tier-{i}", Name = "tier", Kind = PromotionKinds.QuantityTier, Priority = i % 5,
                Categories = i < 10 ? [$"c{i}"] : [], Skus = i < 10 ? [] : [Sku(), Sku(), Sku()],
                Steps = [new PromotionStep { MinQuantity = 2, Percent = 5 }, new PromotionStep { MinQuantity = 5, Percent = 12 }],
            });
        }

        for (var i = 0; i < 40; i++)
        {
            promotions.Add(new Promotion
            {
                Id = $"bxgy-{i}", Name = "bxgy", Kind = PromotionKinds.BuyXGetY, Priority = i % 3, Skus = [Sku(), Sku()],
                GetSkus = i % 2 == 0 ? [] : [Sku()], BuyQuantity = 1 + i % 3, GetQuantity = 1, GetPercent = i % 2 == 0 ? 100 : 50,
            });
        }

        for (var i = 0; i < 30; i++)
        {
            promotions.Add(new Promotion
            {
                Id = $"bundle-{i}", Name = "bundle", Kind = PromotionKinds.Bundle, Priority = i % 6,
                Items = [new BundleItem { Sku = products[i * 2].Sku }, new BundleItem { Sku = products[i * 2 + 1].Sku }],
                BundlePriceSatang = (products[i * 2].Price + products[i * 2 + 1].Price) * 85 / 100,
            });
        }

        for (var i = 0; i < 10; i++)
        {
            promotions.Add(new Promotion { Id = $"voucher-{i}", Name = "voucher", Kind = PromotionKinds.Voucher, Code = $"SAVE{i}X", Steps = [new PromotionStep { MinSatang = 10_000, AmountSatang = 3_000 }] });
        }

        _book = new PromotionBook(promotions);
        // Lines: the first bundles' pairs, products of the tiers' categories, and the rest at random.
        var skus = new List<string> { products[0].Sku, products[1].Sku, products[2].Sku, products[3].Sku };
        while (skus.Count < 20)
        {
            var sku = Sku();
            if (!skus.Contains(sku))
            {
                skus.Add(sku);
            }
        }

        _lines = [.. skus.Select((s, i) => (s, 1 + i % 3))];
        var bySku = products.ToDictionary(p => p.Sku);
        _request = new PricingRequest([.. _lines.Select(l => new PricingItem(l.Sku, l.Sku, bySku[l.Sku].Category, bySku[l.Sku].Price, l.Quantity))], DateTimeOffset.UnixEpoch)
        {
            Codes = ["save3x"],
            Shipping = new ShippingChoice("standard", 4_000),
        };
    }

    [Benchmark(Baseline = true, Description = "subtotal only (before promotions)")]
    public long Subtotal()
    {
        var sum = 0L;
        foreach (var (sku, quantity) in _lines)
        {
            sum += _prices[sku] * quantity;
        }

        return sum;
    }

    [Benchmark(Description = "price + nudges, 20 lines × 200 promotions")]
    public long Price()
    {
        var quote = _book.Price(_request);
        return quote.TotalSatang + quote.Nudges.Count;
    }
}
