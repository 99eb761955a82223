namespace ChatCommerce.Domain.Promotions;

/// <summary>A product that might close a nudge's gap: in the catalog, with its price and stock.</summary>
public sealed record NudgeCandidate(string Sku, string CategoryId, long PriceSatang, int Stock);

/// <summary>
/// Which products close a nudge's gap: each candidate (in stock) is added to the basket and the
/// basket priced again; those after which the promotion applies are kept, the smallest overshoot
/// first (in ฿50 steps, so that among close ones the shopper's own picks come first), up to three.
/// </summary>
public static class NudgeAdvisor
{
    public const int MaxSuggestions = 3;

    /// <summary>Overshoots this close count as equal and the shopper's preference decides.</summary>
    public const long OvershootStepSatang = 5_000;

    /// <param name="preferred">The shopper's likely picks, best first (history, co-purchases); may be empty.</param>
    /// <param name="tries">How many candidates are priced at most (the cheapest closers are tried first).</param>
    public static IReadOnlyList<string> Suggest(PromotionBook book, PricingRequest basket, PromotionNudge nudge, IEnumerable<NudgeCandidate> candidates, IReadOnlyList<string> preferred, int tries = 24)
    {
        var units = Math.Max(1, nudge.MissingQuantity);
        var rank = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < preferred.Count; i++)
        {
            rank.TryAdd(preferred[i], i);
        }

        var ordered = candidates
            .Where(c => c.Stock >= units && c.PriceSatang > 0 && (nudge.MissingQuantity > 0 || c.PriceSatang * units >= nudge.MissingSatang))
            .OrderBy(c => Math.Max(0, (c.PriceSatang * units) - nudge.MissingSatang) / OvershootStepSatang)
            .ThenBy(c => rank.GetValueOrDefault(c.Sku, int.MaxValue))
            .ThenBy(c => c.PriceSatang)
            .ThenBy(c => c.Sku, StringComparer.Ordinal)
            .Take(tries);
        var found = new List<string>();
        foreach (var candidate in ordered)
        {
            var added = new PricingItem(candidate.Sku + "/+", candidate.Sku, candidate.CategoryId, candidate.PriceSatang, units);
            var quote = book.Price(basket with { Items = [.. basket.Items, added], ExplainSkipped = false });
            if (Closes(quote, nudge))
            {
                found.Add(candidate.Sku);
                if (found.Count == MaxSuggestions)
                {
                    break;
                }
            }
        }

        return found;
    }

    /// <summary>The promotion now applies, and no longer waits for the same threshold.</summary>
    public static bool Closes(PriceQuote quote, PromotionNudge nudge) =>
        quote.Applied.Any(a => a.Promotion.Id == nudge.Promotion.Id)
        && !quote.Nudges.Any(n => n.Promotion.Id == nudge.Promotion.Id && n.ThresholdSatang == nudge.ThresholdSatang && n.ThresholdQuantity == nudge.ThresholdQuantity);
}
