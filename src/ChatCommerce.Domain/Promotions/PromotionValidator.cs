using System.Text.RegularExpressions;
using ChatCommerce.Domain.Customers;

namespace ChatCommerce.Domain.Promotions;

/// <summary>One thing to fix: the field (as the API names it) and what is wrong with it.</summary>
public sealed record PromotionProblem(string Field, string Message);

/// <summary>What a promotion may refer to: the shop's products (with list prices), categories, shipping methods and tiers.</summary>
public sealed record PromotionReferences(
    IReadOnlyDictionary<string, long> ProductPrices,
    IReadOnlySet<string> Categories,
    IReadOnlySet<string> ShippingMethods,
    IReadOnlySet<string> Tiers);

/// <summary>
/// Rejects promotions that cannot work or contradict themselves, each problem saying what to fix.
/// Steps must rise together: a higher threshold never gives less, so adding to a basket never
/// makes it dearer.
/// </summary>
public static partial class PromotionValidator
{
    public const int MaxNameLength = 80;

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")]
    private static partial Regex IdPattern();

    public static IReadOnlyList<PromotionProblem> Validate(Promotion p, PromotionReferences refs)
    {
        var problems = new List<PromotionProblem>();
        void Problem(string field, string message) => problems.Add(new(field, message));

        if (!IdPattern().IsMatch(p.Id))
        {
            Problem("id", "use 1–40 lower-case letters, digits and dashes, not starting or ending with a dash");
        }

        if (string.IsNullOrWhiteSpace(p.Name) || p.Name.Length > MaxNameLength)
        {
            Problem("name", $"give a name of 1–{MaxNameLength} characters (shoppers read it)");
        }

        if (p.NameEn is { Length: > MaxNameLength })
        {
            Problem("nameEn", $"keep the English name within {MaxNameLength} characters");
        }

        if (!PromotionKinds.All.Contains(p.Kind))
        {
            Problem("kind", "use one of " + string.Join(", ", PromotionKinds.All));
            return problems;
        }

        if (p.StartsAt is { } start && p.EndsAt is { } end && end <= start)
        {
            Problem("endsAt", "must be after startsAt");
        }

        if (p.MaxUses is < 1)
        {
            Problem("maxUses", "must be at least 1, or left out for no limit");
        }

        if (p.MaxUsesPerCustomer is < 1)
        {
            Problem("maxUsesPerCustomer", "must be at least 1, or left out for no limit");
        }

        if (p.MaxUses is { } total && p.MaxUsesPerCustomer is { } each && each > total)
        {
            Problem("maxUsesPerCustomer", $"cannot be more than maxUses ({total})");
        }

        if (p.Priority is < -1000 or > 1000)
        {
            Problem("priority", "must be between -1000 and 1000");
        }

        if (p.NudgeBandSatang < 0 || p.NudgeBandPercent is < 0 or > 100)
        {
            Problem("nudgeBandSatang", "the nudge band is an amount of 0 or more and a percent of 0–100");
        }

        foreach (var sku in p.Skus.Where(s => !refs.ProductPrices.ContainsKey(s)))
        {
            Problem("skus", $"no product '{sku}' in the catalog");
        }

        foreach (var category in p.Categories.Where(c => !refs.Categories.Contains(c)))
        {
            Problem("categories", $"no category '{category}'");
        }

        foreach (var tier in p.Tiers.Where(t => !refs.Tiers.Contains(t)))
        {
            Problem("tiers", $"no tier '{tier}' (the tiers are: {string.Join(", ", refs.Tiers)})");
        }

        foreach (var segment in p.Segments.Where(s => !Customers.Segments.All.Contains(s)))
        {
            Problem("segments", $"no segment '{segment}' (the segments are: {string.Join(", ", Customers.Segments.All)})");
        }

        if (p.CustomerId is not null && p.Kind != PromotionKinds.Voucher)
        {
            Problem("customerId", "only a voucher is given to one customer");
        }

        if (p.Code is not null && p.Kind != PromotionKinds.Voucher)
        {
            Problem("code", "only a voucher has a code");
        }

        if (p.Exclusive && p.Kind == PromotionKinds.FreeShipping)
        {
            Problem("exclusive", "free shipping always combines with discounts on goods; set exclusive on the discounts instead");
        }

        if (p.MaxDiscountSatang is { } cap && (cap <= 0 || p.Steps.All(s => s.Percent == 0)))
        {
            Problem("maxDiscountSatang", "caps a percent discount: give it above 0, and only with a percent");
        }

        switch (p.Kind)
        {
            case PromotionKinds.SpendOver:
                ThresholdSteps(p, Problem, minimumSteps: 1, maximumSteps: 10);
                break;
            case PromotionKinds.Voucher:
                if (p.Code is null || Promotion.NormalizeCode(p.Code).Length is < 4 or > 32)
                {
                    Problem("code", "give a code of 4–32 Latin letters or digits (dashes and spaces are ignored)");
                }

                ThresholdSteps(p, Problem, minimumSteps: 1, maximumSteps: 1);
                break;
            case PromotionKinds.FreeShipping:
                if (p.Steps.Count != 1 || p.Steps[0].MinSatang < 0 || p.Steps[0].AmountSatang != 0 || p.Steps[0].Percent != 0 || p.Steps[0].MinQuantity != 0)
                {
                    Problem("steps", "free shipping has one step: minSatang, the amount of goods from which shipping is free (0: always)");
                }

                foreach (var method in p.ShippingMethods.Where(m => !refs.ShippingMethods.Contains(m)))
                {
                    Problem("shippingMethods", $"no shipping method '{method}' (the methods are: {string.Join(", ", refs.ShippingMethods)})");
                }

                break;
            case PromotionKinds.QuantityTier:
                QuantitySteps(p, Problem);
                break;
            case PromotionKinds.BuyXGetY:
                if (p.BuyQuantity is < 1 or > 99 || p.GetQuantity is < 1 or > 99)
                {
                    Problem("buyQuantity", "buyQuantity and getQuantity are 1–99");
                }

                if (p.GetPercent is < 1 or > 100)
                {
                    Problem("getPercent", "is 1–100 (100: the units are free)");
                }

                foreach (var sku in p.GetSkus.Where(s => !refs.ProductPrices.ContainsKey(s)))
                {
                    Problem("getSkus", $"no product '{sku}' in the catalog");
                }

                if (p.GetSkus.Intersect(p.Skus).FirstOrDefault() is { } both)
                {
                    Problem("getSkus", $"'{both}' is both bought and given; leave getSkus empty to give the eligible products themselves");
                }

                break;
            case PromotionKinds.Bundle:
                if (p.Skus.Count > 0 || p.Categories.Count > 0)
                {
                    Problem("skus", "a bundle names its products in items; leave skus and categories empty");
                }

                if (p.Items.Count == 0 || p.Items.Sum(i => Math.Max(0, i.Quantity)) < 2 || p.Items.Any(i => i.Quantity is < 1 or > 99))
                {
                    Problem("items", "a bundle has at least two units, each item 1–99 of a product");
                }

                if (p.Items.GroupBy(i => i.Sku).FirstOrDefault(g => g.Count() > 1) is { } twice)
                {
                    Problem("items", $"'{twice.Key}' is listed twice; give its quantity once");
                }

                var list = 0L;
                foreach (var item in p.Items)
                {
                    if (refs.ProductPrices.TryGetValue(item.Sku, out var price))
                    {
                        list += price * Math.Max(0, item.Quantity);
                    }
                    else
                    {
                        Problem("items", $"no product '{item.Sku}' in the catalog");
                    }
                }

                if (p.BundlePriceSatang <= 0)
                {
                    Problem("bundlePriceSatang", "give the bundle's price, above 0");
                }
                else if (list > 0 && p.BundlePriceSatang >= list)
                {
                    Problem("bundlePriceSatang", $"is not below the items' list price ({list} satang): the bundle would save nothing");
                }

                break;
        }

        return problems;
    }

    private static void ThresholdSteps(Promotion p, Action<string, string> problem, int minimumSteps, int maximumSteps)
    {
        if (p.Steps.Count < minimumSteps || p.Steps.Count > maximumSteps)
        {
            problem("steps", minimumSteps == maximumSteps ? $"give exactly {minimumSteps} step" : $"give {minimumSteps}–{maximumSteps} steps");
            return;
        }

        var percent = p.Steps[0].Percent > 0;
        PromotionStep? previous = null;
        foreach (var step in p.Steps)
        {
            if (step.MinSatang < 0 || step.MinQuantity != 0)
            {
                problem("steps", "each step has minSatang (0 or more), not minQuantity");
            }

            if ((step.AmountSatang > 0) == (step.Percent > 0) || step.AmountSatang < 0 || step.Percent < 0)
            {
                problem("steps", "each step gives either amountSatang or percent off, not both and not neither");
            }
            else if ((step.Percent > 0) != percent)
            {
                problem("steps", "use amounts in every step or percents in every step");
            }

            if (step.Percent > 100)
            {
                problem("steps", "a percent is at most 100");
            }

            if (step.AmountSatang > 0 && step.MinSatang > 0 && step.AmountSatang > step.MinSatang)
            {
                problem("steps", $"a step from {step.MinSatang} satang cannot take {step.AmountSatang} off: more than the spend");
            }

            if (previous is not null && (step.MinSatang <= previous.MinSatang || step.AmountSatang < previous.AmountSatang || step.Percent < previous.Percent))
            {
                problem("steps", "list steps from the lowest minSatang up, each giving at least as much as the one before");
            }

            previous = step;
        }
    }

    private static void QuantitySteps(Promotion p, Action<string, string> problem)
    {
        if (p.Steps.Count is < 1 or > 10)
        {
            problem("steps", "give 1–10 steps of minQuantity with percent (or amountSatang per unit) off");
            return;
        }

        PromotionStep? previous = null;
        foreach (var step in p.Steps)
        {
            if (step.MinQuantity < 1 || step.MinSatang != 0)
            {
                problem("steps", "each step has minQuantity (1 or more), not minSatang");
            }

            if ((step.AmountSatang > 0) == (step.Percent > 0) || step.AmountSatang < 0 || step.Percent is < 0 or > 100)
            {
                problem("steps", "each step gives either a percent (1–100) or amountSatang per unit off");
            }
            else if (previous is not null && (previous.Percent > 0) != (step.Percent > 0))
            {
                problem("steps", "use percents in every step or amounts in every step");
            }

            if (previous is not null && (step.MinQuantity <= previous.MinQuantity || step.AmountSatang < previous.AmountSatang || step.Percent < previous.Percent))
            {
                problem("steps", "list steps from the lowest minQuantity up, each giving at least as much as the one before");
            }

            previous = step;
        }
    }
}
