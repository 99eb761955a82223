using System.Numerics;
using ChatCommerce.Domain.Catalog;

namespace ChatCommerce.Domain.Promotions;

/// <summary>
/// The shop's promotions compiled for pricing (built once when they change, shared by every
/// turn). <see cref="Price"/> is pure: the same request always gets the same quote.
/// <para>
/// How a price is found. Item promotions (quantity tiers, buy X get Y, bundles) each work on the
/// products they own: a product several of them name goes to the one of highest priority (then
/// the lowest id), so a unit gets at most one item discount and the owner decides which. Then the
/// order promotions and free shipping: thresholds are judged on the eligible products at list
/// price less the basket's item discounts, one spend-over step, one entered voucher and one free
/// shipping are chosen together, and when item discounts would push the basket under a chosen
/// threshold they are cut (lowest priority first) just enough for it to hold. Of every such
/// choice, and of each exclusive promotion alone, the cheapest total wins; the earlier candidate
/// (higher priority) on a tie. Each candidate saves at least as much when a unit is added, so
/// adding to a basket never makes the rest of it dearer.
/// </para>
/// </summary>
public sealed class PromotionBook
{
    private readonly Promotion[] _all;
    private readonly Dictionary<string, int[]> _bySku;
    private readonly Dictionary<string, int[]> _byCategory;
    private readonly Dictionary<string, int[]> _getBySku;
    private readonly int[] _everyProduct;
    private readonly string[] _codes;
    private readonly Dictionary<string, Promotion> _vouchers = new(StringComparer.Ordinal);

    public PromotionBook(IEnumerable<Promotion> promotions)
    {
        _all = [.. promotions.OrderByDescending(p => p.Priority).ThenBy(p => p.Id, StringComparer.Ordinal)];
        var bySku = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var byCategory = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var getBySku = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var every = new List<int>();
        static void Add(Dictionary<string, List<int>> index, string key, int i)
        {
            if (!index.TryGetValue(key, out var list))
            {
                index[key] = list = [];
            }

            if (list.Count == 0 || list[^1] != i)
            {
                list.Add(i);
            }
        }

        _codes = new string[_all.Length];
        for (var i = 0; i < _all.Length; i++)
        {
            var p = _all[i];
            _codes[i] = p.Code is null ? "" : Promotion.NormalizeCode(p.Code);
            if (p.Kind == PromotionKinds.Voucher && _codes[i].Length > 0)
            {
                _vouchers.TryAdd(_codes[i], p);
            }

            if (p.Kind == PromotionKinds.Bundle)
            {
                foreach (var item in p.Items)
                {
                    Add(bySku, item.Sku, i);
                }

                continue;
            }

            if (p.Skus.Count == 0 && p.Categories.Count == 0)
            {
                every.Add(i);
            }

            foreach (var sku in p.Skus)
            {
                Add(bySku, sku, i);
            }

            foreach (var category in p.Categories)
            {
                Add(byCategory, category, i);
            }

            foreach (var sku in p.GetSkus)
            {
                Add(getBySku, sku, i);
            }
        }

        _bySku = bySku.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
        _byCategory = byCategory.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
        _getBySku = getBySku.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
        _everyProduct = [.. every];
        HasLimits = _all.Any(p => p.MaxUses is not null || p.MaxUsesPerCustomer is not null);
    }

    public static PromotionBook Empty { get; } = new([]);

    /// <summary>Highest priority first, then by id.</summary>
    public IReadOnlyList<Promotion> Promotions => _all;

    public Promotion? Find(string id) => Array.Find(_all, p => p.Id == id);

    /// <summary>The voucher with this code, as <see cref="Promotion.NormalizeCode"/> gives it.</summary>
    public Promotion? Voucher(string normalizedCode) => _vouchers.GetValueOrDefault(normalizedCode);

    /// <summary>
    /// This book with the named promotions running again (switched on, no end): to honour a price
    /// the shopper was shown before one of them ended. Edited promotions keep their new terms.
    /// </summary>
    public PromotionBook Honouring(IReadOnlyCollection<string> ids)
    {
        if (ids.Count == 0)
        {
            return this;
        }

        return new PromotionBook(_all.Select(p =>
        {
            if (!ids.Contains(p.Id))
            {
                return p;
            }

            var copy = PromotionJson.Copy(p);
            copy.Active = true;
            copy.EndsAt = null;
            return copy;
        }));
    }

    /// <summary>Some promotion limits its uses (pricing then needs the counts).</summary>
    public bool HasLimits { get; }

    public PriceQuote Price(PricingRequest request)
    {
        var items = request.Items;
        var n = items.Count;
        if (n > PricingRequest.MaxItems)
        {
            throw new ArgumentException($"At most {PricingRequest.MaxItems} lines are priced at once.", nameof(request));
        }

        var run = new Run(this, request);
        return run.Quote();
    }

    /// <summary>One pricing: the masks of eligible lines per promotion, the candidates, the plans compared.</summary>
    private sealed class Run
    {
        private readonly PromotionBook _book;
        private readonly PricingRequest _request;
        private readonly IReadOnlyList<PricingItem> _items;
        private readonly int _n;
        private readonly ulong[] _mask;
        private readonly ulong[] _getMask;
        private readonly ulong[] _ownMask;
        private readonly ulong[] _ownGetMask;
        private readonly ulong _allLines;
        private readonly string?[] _skip;
        private readonly long _subtotal;
        private readonly List<int> _itemLevel = [];
        private readonly List<int> _orderLevel = [];
        private readonly List<int> _shipping = [];
        private readonly List<int> _exclusive = [];
        private HashSet<string>? _entered;

        public Run(PromotionBook book, PricingRequest request)
        {
            _book = book;
            _request = request;
            _items = request.Items;
            _n = _items.Count;
            var count = book._all.Length;
            _mask = new ulong[count];
            _getMask = new ulong[count];
            _ownMask = new ulong[count];
            _ownGetMask = new ulong[count];
            _skip = new string?[count];
            for (var i = 0; i < _n; i++)
            {
                var item = _items[i];
                _subtotal += item.ListSatang;
                if (item.Quantity <= 0)
                {
                    continue;
                }

                var bit = 1UL << i;
                if (book._bySku.TryGetValue(item.Sku, out var bySku))
                {
                    foreach (var p in bySku)
                    {
                        _mask[p] |= bit;
                    }
                }

                if (book._byCategory.TryGetValue(item.CategoryId, out var byCategory))
                {
                    foreach (var p in byCategory)
                    {
                        _mask[p] |= bit;
                    }
                }

                if (book._getBySku.TryGetValue(item.Sku, out var getBySku))
                {
                    foreach (var p in getBySku)
                    {
                        _getMask[p] |= bit;
                    }
                }
            }

            var all = AllLines();
            _allLines = all;
            foreach (var p in book._everyProduct)
            {
                _mask[p] = all;
            }

            for (var p = 0; p < count; p++)
            {
                _skip[p] = Screen(p);
                if (_skip[p] is not null)
                {
                    continue;
                }

                var promotion = book._all[p];
                if (promotion.Exclusive)
                {
                    _exclusive.Add(p);
                }
                else if (PromotionKinds.IsItemLevel(promotion.Kind))
                {
                    _itemLevel.Add(p);
                }
                else if (promotion.Kind == PromotionKinds.FreeShipping)
                {
                    _shipping.Add(p);
                }
                else
                {
                    _orderLevel.Add(p);
                }
            }

            AssignOwners();
        }

        private ulong AllLines()
        {
            var all = 0UL;
            for (var i = 0; i < _n; i++)
            {
                if (_items[i].Quantity > 0)
                {
                    all |= 1UL << i;
                }
            }

            return all;
        }

        /// <summary>Null when the promotion may take part; else why not (schedule, customer, caps, code, lines).</summary>
        private string? Screen(int p)
        {
            var promotion = _book._all[p];
            var at = _request.At;
            if (!promotion.Active)
            {
                return SkipReasons.Inactive;
            }

            if (promotion.StartsAt is { } start && at < start)
            {
                return SkipReasons.NotStarted;
            }

            if (promotion.EndsAt is { } end && at >= end)
            {
                return SkipReasons.Ended;
            }

            var customer = _request.Customer;
            if ((promotion.Tiers.Count > 0 && (customer.Tier is null || !promotion.Tiers.Contains(customer.Tier)))
                || (promotion.Segments.Count > 0 && (customer.Segment is null || !promotion.Segments.Contains(customer.Segment)))
                || (promotion.CustomerId is not null && promotion.CustomerId != customer.CustomerId))
            {
                return SkipReasons.Customer;
            }

            if (promotion.MaxUses is { } max && _request.Usage.Total.GetValueOrDefault(promotion.Id) >= max)
            {
                return SkipReasons.Cap;
            }

            if (promotion.MaxUsesPerCustomer is { } each && (customer.CustomerId is null || _request.Usage.ByCustomer.GetValueOrDefault(promotion.Id) >= each))
            {
                // A limit per customer needs a known customer.
                return customer.CustomerId is null ? SkipReasons.Customer : SkipReasons.CustomerCap;
            }

            if (promotion.Kind == PromotionKinds.Voucher && !Entered(p))
            {
                return SkipReasons.NoCode;
            }

            if (_mask[p] == 0 || (promotion.Kind == PromotionKinds.BuyXGetY && promotion.GetSkus.Count > 0 && _getMask[p] == 0))
            {
                return SkipReasons.NoItems;
            }

            if (promotion.Kind == PromotionKinds.FreeShipping && _request.Shipping is { } chosen
                && promotion.ShippingMethods.Count > 0 && !promotion.ShippingMethods.Contains(chosen.MethodId))
            {
                return SkipReasons.Method;
            }

            return null;
        }

        private bool Entered(int p)
        {
            var code = _book._codes[p];
            if (code.Length == 0)
            {
                return false;
            }

            _entered ??= [.. _request.Codes.Select(Promotion.NormalizeCode)];
            return _entered.Contains(code);
        }

        public PriceQuote Quote()
        {
            var best = Combination();

            foreach (var p in _exclusive)
            {
                var alone = Plan.Fresh(_items);
                if (PromotionKinds.IsItemLevel(_book._all[p].Kind))
                {
                    ApplyItem(p, alone, alone: true);
                    FinishPlan(alone, []);
                }
                else
                {
                    FinishPlan(alone, [p]);
                }

                best = Cheaper(best, alone);
            }

            return Build(best);
        }

        private static Plan Cheaper(Plan current, Plan candidate) => candidate.Total < current.Total ? candidate : current;

        /// <summary>
        /// The non-exclusive promotions together. Item promotions first, each on the lines it owns:
        /// where several could take a product, the one of highest priority (then the lowest id) takes
        /// it, whatever else is in the basket. Each item promotion then saves at least as much for
        /// every unit added, so adding to a basket never makes the rest of it dearer.
        /// </summary>
        private Plan Combination()
        {
            var plan = Plan.Fresh(_items);
            foreach (var p in _itemLevel)
            {
                ApplyItem(p, plan);
            }

            FinishPlan(plan, _orderLevel);
            return plan;
        }

        /// <summary>Gives every line to the first item promotion (by priority) that could take it; the others lose it.</summary>
        private void AssignOwners()
        {
            var taken = 0UL;
            for (var p = 0; p < _book._all.Length; p++)
            {
                var promotion = _book._all[p];
                if (promotion.Exclusive || !PromotionKinds.IsItemLevel(promotion.Kind) || (_skip[p] is { } why && why != SkipReasons.NoItems))
                {
                    continue;
                }

                var reach = _mask[p] | _getMask[p];
                _ownMask[p] = _mask[p] & ~taken;
                _ownGetMask[p] = _getMask[p] & ~taken;
                taken |= reach;
            }
        }

        /// <summary>Applies one item promotion to the units the plan has left; returns what it saved.</summary>
        /// <param name="alone">On every line it could take (an exclusive promotion alone), not only those it owns.</param>
        private long ApplyItem(int p, Plan plan, bool alone = false)
        {
            var promotion = _book._all[p];
            var mask = alone ? _mask[p] : _ownMask[p];
            var getMask = alone ? _getMask[p] : _ownGetMask[p];
            return promotion.Kind switch
            {
                PromotionKinds.QuantityTier => QuantityTier(p, promotion, plan, mask),
                PromotionKinds.BuyXGetY => promotion.GetSkus.Count == 0 ? BuyXGetYSame(p, promotion, plan, mask) : BuyXGetYOther(p, promotion, plan, mask, getMask),
                PromotionKinds.Bundle => Bundle(p, promotion, plan, mask),
                _ => 0,
            };
        }

        private long QuantityTier(int p, Promotion promotion, Plan plan, ulong mask)
        {
            var units = 0;
            for (var m = mask; m != 0; m &= m - 1)
            {
                units += plan.Left[BitOperations.TrailingZeroCount(m)];
            }

            var step = HighestQuantityStep(promotion, units);
            if (step is null)
            {
                return 0;
            }

            var saved = 0L;
            for (var m = mask; m != 0; m &= m - 1)
            {
                var i = BitOperations.TrailingZeroCount(m);
                var left = plan.Left[i];
                if (left == 0)
                {
                    continue;
                }

                var price = _items[i].UnitPriceSatang;
                var off = step.Percent > 0 ? price * left * step.Percent / 100 : Math.Min(step.AmountSatang, price) * left;
                plan.Take(i, left, off, p);
                saved += off;
            }

            plan.Record(p, saved, $"{units} eligible units reach {step.MinQuantity}: " + (step.Percent > 0 ? $"{step.Percent}% off" : $"{new Money(step.AmountSatang)} off each"));
            return saved;
        }

        private static PromotionStep? HighestQuantityStep(Promotion promotion, int units)
        {
            PromotionStep? step = null;
            foreach (var s in promotion.Steps)
            {
                if (s.MinQuantity <= units)
                {
                    step = s;
                }
            }

            return step;
        }

        /// <summary>
        /// Buy X get Y of the same products: units sorted dearest first, each run of X + Y gives its
        /// last Y (never dearer than the X bought) at the percent off.
        /// </summary>
        private long BuyXGetYSame(int p, Promotion promotion, Plan plan, ulong mask)
        {
            var order = SortedByPriceDescending(mask, plan);
            var group = promotion.BuyQuantity + promotion.GetQuantity;
            var units = 0;
            foreach (var i in order)
            {
                units += plan.Left[i];
            }

            var groups = units / group;
            if (groups == 0)
            {
                return 0;
            }

            var inGroups = groups * group;
            var position = 0;
            var saved = 0L;
            var given = 0;
            foreach (var i in order)
            {
                var left = plan.Left[i];
                var take = Math.Min(left, inGroups - position);
                if (take <= 0)
                {
                    break;
                }

                // Units at positions position..position+take-1; those whose place in their run is ≥ X are given.
                var free = GivenBetween(position, position + take, promotion.BuyQuantity, group);
                var off = _items[i].UnitPriceSatang * free * promotion.GetPercent / 100;
                plan.Take(i, take, off, p);
                saved += off;
                given += free;
                position += take;
            }

            plan.Record(p, saved, $"buy {promotion.BuyQuantity} get {promotion.GetQuantity}: {given} unit(s) at {promotion.GetPercent}% off");
            return saved;
        }

        private static int GivenBetween(int from, int to, int buy, int group)
        {
            static int Upto(int position, int buy, int group) => (position / group * (group - buy)) + Math.Max(0, (position % group) - buy);
            return Upto(to, buy, group) - Upto(from, buy, group);
        }

        /// <summary>Buy X of the eligible products, get Y of the named ones: the dearest of those are given.</summary>
        private long BuyXGetYOther(int p, Promotion promotion, Plan plan, ulong mask, ulong getMask)
        {
            var buyLines = mask & ~getMask;
            var bought = 0;
            for (var m = buyLines; m != 0; m &= m - 1)
            {
                bought += plan.Left[BitOperations.TrailingZeroCount(m)];
            }

            var getOrder = SortedByPriceDescending(getMask, plan);
            var available = 0;
            foreach (var i in getOrder)
            {
                available += plan.Left[i];
            }

            var give = Math.Min(bought / promotion.BuyQuantity * promotion.GetQuantity, available);
            if (give == 0)
            {
                return 0;
            }

            var saved = 0L;
            var toGive = give;
            foreach (var i in getOrder)
            {
                var take = Math.Min(plan.Left[i], toGive);
                if (take == 0)
                {
                    break;
                }

                var off = _items[i].UnitPriceSatang * take * promotion.GetPercent / 100;
                plan.Take(i, take, off, p);
                saved += off;
                toGive -= take;
            }

            var buyUnits = (give + promotion.GetQuantity - 1) / promotion.GetQuantity * promotion.BuyQuantity;
            foreach (var i in SortedByPriceDescending(buyLines, plan))
            {
                var take = Math.Min(plan.Left[i], buyUnits);
                if (take == 0)
                {
                    break;
                }

                plan.Take(i, take, 0, p);
                buyUnits -= take;
            }

            plan.Record(p, saved, $"buy {promotion.BuyQuantity} get {promotion.GetQuantity}: {give} unit(s) given at {promotion.GetPercent}% off");
            return saved;
        }

        private long Bundle(int p, Promotion promotion, Plan plan, ulong mask)
        {
            var bundles = int.MaxValue;
            var listPerBundle = 0L;
            foreach (var item in promotion.Items)
            {
                var have = 0;
                var price = 0L;
                for (var m = mask; m != 0; m &= m - 1)
                {
                    var i = BitOperations.TrailingZeroCount(m);
                    if (_items[i].Sku == item.Sku)
                    {
                        have += plan.Left[i];
                        price = _items[i].UnitPriceSatang;
                    }
                }

                bundles = Math.Min(bundles, have / item.Quantity);
                listPerBundle += price * item.Quantity;
            }

            var perBundle = listPerBundle - promotion.BundlePriceSatang;
            if (bundles is 0 or int.MaxValue || perBundle <= 0)
            {
                return 0;
            }

            // The saving is spread over the bundle's lines by their list amounts; the remainder goes to the first.
            var saving = perBundle * bundles;
            var spread = 0L;
            var first = -1;
            foreach (var item in promotion.Items)
            {
                var need = item.Quantity * bundles;
                for (var m = mask; m != 0 && need > 0; m &= m - 1)
                {
                    var i = BitOperations.TrailingZeroCount(m);
                    if (_items[i].Sku != item.Sku || plan.Left[i] == 0)
                    {
                        continue;
                    }

                    var take = Math.Min(plan.Left[i], need);
                    var share = saving * (_items[i].UnitPriceSatang * take) / (listPerBundle * bundles);
                    plan.Take(i, take, share, p);
                    spread += share;
                    first = first < 0 ? i : first;
                    need -= take;
                }
            }

            plan.AddOff(first, saving - spread, p);
            plan.Record(p, saving, $"{bundles} bundle(s) at {new Money(promotion.BundlePriceSatang)}");
            return saving;
        }

        private int[] SortedByPriceDescending(ulong lines, Plan plan)
        {
            var list = new int[BitOperations.PopCount(lines)];
            var k = 0;
            for (var m = lines; m != 0; m &= m - 1)
            {
                var i = BitOperations.TrailingZeroCount(m);
                if (plan.Left[i] > 0)
                {
                    list[k++] = i;
                }
            }

            var result = list[..k];
            Array.Sort(result, (a, b) =>
            {
                var byPrice = _items[b].UnitPriceSatang.CompareTo(_items[a].UnitPriceSatang);
                return byPrice != 0 ? byPrice : string.CompareOrdinal(_items[a].Key, _items[b].Key);
            });
            return result;
        }

        /// <summary>Order promotions (the best spend-over, the best entered voucher) and free shipping on what item promotions left.</summary>
        private void FinishPlan(Plan plan, IReadOnlyList<int> orderLevel)
        {
            var itemOff = plan.ItemOff;
            var fee = _request.Shipping?.FeeSatang ?? 0;
            var spends = new List<(int P, PromotionStep Step, long List)>();
            var vouchers = new List<(int P, PromotionStep Step, long List)>();
            var ships = new List<(int P, long Min, long List)>();
            foreach (var p in orderLevel)
            {
                var promotion = _book._all[p];
                var list = EligibleList(p);
                foreach (var step in promotion.Steps)
                {
                    if (list >= step.MinSatang && list > 0)
                    {
                        (promotion.Kind == PromotionKinds.Voucher ? vouchers : spends).Add((p, step, list));
                    }
                }
            }

            if (fee > 0)
            {
                foreach (var p in _shipping)
                {
                    var list = EligibleList(p);
                    var min = _book._all[p].Steps[0].MinSatang;
                    if (list >= min)
                    {
                        ships.Add((p, min, list));
                    }
                }
            }

            // Every choice of one spend step, one voucher and one free shipping (or none of each),
            // item discounts cut where needed just enough for the chosen thresholds to hold. Walked
            // by how much item discount is kept: all of it, or just what one of the thresholds
            // allows; at each level the best of what is reachable is taken.
            var keeps = new List<long> { itemOff };
            foreach (var (_, step, list) in spends)
            {
                AddKeep(keeps, list - step.MinSatang, itemOff);
            }

            foreach (var (_, step, list) in vouchers)
            {
                AddKeep(keeps, list - step.MinSatang, itemOff);
            }

            foreach (var (_, min, list) in ships)
            {
                AddKeep(keeps, list - min, itemOff);
            }

            keeps.Sort((x, y) => y.CompareTo(x));
            var best = (Total: long.MaxValue, Items: itemOff, Spend: -1, Voucher: -1, Ship: -1, SpendOff: 0L, VoucherOff: 0L);
            foreach (var items in keeps)
            {
                var goods = _subtotal - items;
                var (spend, spendOff) = BestStep(spends, items);
                var (voucher, voucherOff) = BestStep(vouchers, items);
                spendOff = Math.Min(spendOff, goods);
                voucherOff = Math.Min(voucherOff, goods - spendOff);
                var ship = ships.FindIndex(h => h.List - h.Min >= items);
                var total = goods - spendOff - voucherOff + (ship >= 0 ? 0 : fee);
                if (total < best.Total)
                {
                    best = (total, items, spend, voucher, ship, spendOff, voucherOff);
                }
            }

            var kept = best.Items;
            if (kept < itemOff)
            {
                var why = best.Spend >= 0 && spends[best.Spend].List - spends[best.Spend].Step.MinSatang == kept ? spends[best.Spend].P
                    : best.Voucher >= 0 && vouchers[best.Voucher].List - vouchers[best.Voucher].Step.MinSatang == kept ? vouchers[best.Voucher].P
                    : ships[best.Ship].P;
                plan.Reduce(itemOff - kept, _items, $" (cut by {new Money(itemOff - kept)} so that \"{_book._all[why].Name}\" still applies)");
            }

            if (best.Spend >= 0)
            {
                var (p, step, list) = spends[best.Spend];
                plan.Record(p, best.SpendOff, $"{new Money(list - kept)} of eligible goods reaches {new Money(step.MinSatang)}: " + Off(step, _book._all[p]));
            }

            if (best.Voucher >= 0 && best.VoucherOff > 0)
            {
                var (p, step, _) = vouchers[best.Voucher];
                plan.Record(p, best.VoucherOff, $"code {_book._codes[p]} entered" + (step.MinSatang > 0 ? $", goods over {new Money(step.MinSatang)}" : "") + ": " + Off(step, _book._all[p]));
            }

            if (best.Ship >= 0)
            {
                var (p, min, list) = ships[best.Ship];
                plan.Record(p, fee, $"{new Money(list - kept)} of goods reaches {new Money(min)}: shipping ({_request.Shipping!.Value.MethodId}) free");
            }

            plan.SpendOff = best.SpendOff;
            plan.OrderOff = best.SpendOff + best.VoucherOff;
            plan.ShippingList = fee;
            plan.Shipping = best.Ship >= 0 ? 0 : fee;
            plan.Total = best.Total;
        }

        private static void AddKeep(List<long> keeps, long cap, long itemOff)
        {
            if (cap < itemOff && !keeps.Contains(cap))
            {
                keeps.Add(cap);
            }
        }

        /// <summary>The step giving most among those still reached when this much item discount is kept (the first on a tie).</summary>
        private (int Index, long Off) BestStep(List<(int P, PromotionStep Step, long List)> choices, long items)
        {
            var best = (Index: -1, Off: 0L);
            for (var i = 0; i < choices.Count; i++)
            {
                var (p, step, list) = choices[i];
                if (list - step.MinSatang < items)
                {
                    continue;
                }

                var off = StepOff(_book._all[p], step, list - items);
                if (off > best.Off)
                {
                    best = (i, off);
                }
            }

            return best;
        }

        private static long StepOff(Promotion promotion, PromotionStep step, long basis)
        {
            if (basis <= 0)
            {
                return 0;
            }

            var off = step.Percent > 0 ? basis * step.Percent / 100 : step.AmountSatang;
            if (promotion.MaxDiscountSatang is { } cap)
            {
                off = Math.Min(off, cap);
            }

            return Math.Min(off, basis);
        }

        /// <summary>The eligible lines at list price.</summary>
        private long EligibleList(int p)
        {
            if (_mask[p] == _allLines)
            {
                return _subtotal;
            }

            var list = 0L;
            for (var m = _mask[p]; m != 0; m &= m - 1)
            {
                list += _items[BitOperations.TrailingZeroCount(m)].ListSatang;
            }

            return list;
        }

        private static string Off(PromotionStep step, Promotion promotion) =>
            step.Percent > 0
                ? $"{step.Percent}% off" + (promotion.MaxDiscountSatang is { } cap ? $" (at most {new Money(cap)})" : "")
                : $"{new Money(step.AmountSatang)} off";

        /// <summary>What a threshold is judged on: its eligible lines at list price, less the basket's item discounts.</summary>
        private long Base(int p, Plan plan) => EligibleList(p) - plan.ItemOff;

        private static PromotionStep? NextStep(Promotion promotion, long basis, int units)
        {
            foreach (var step in promotion.Steps)
            {
                if (promotion.Kind == PromotionKinds.QuantityTier ? step.MinQuantity > units : step.MinSatang > basis)
                {
                    return step;
                }
            }

            return null;
        }

        private static long ThresholdDiscount(Promotion promotion, long basis, out PromotionStep? reached)
        {
            reached = null;
            foreach (var step in promotion.Steps)
            {
                if (step.MinSatang <= basis)
                {
                    reached = step;
                }
            }

            return reached is null ? 0 : StepOff(promotion, reached, basis);
        }

        private PriceQuote Build(Plan plan)
        {
            var lines = new PricedLine[_n];
            var itemOff = 0L;
            for (var i = 0; i < _n; i++)
            {
                var item = _items[i];
                var off = plan.Off[i];
                itemOff += off;
                lines[i] = new PricedLine(item.Key, item.Sku, item.Quantity, item.UnitPriceSatang, item.ListSatang, off, plan.PromotionsOf(i, _book._all));
            }

            var applied = new List<AppliedPromotion>(plan.Applied.Count);
            foreach (var (p, off, reason) in plan.Applied)
            {
                if (off > 0)
                {
                    applied.Add(new AppliedPromotion(_book._all[p], off, reason));
                }
            }

            return new PriceQuote(lines, _subtotal, itemOff, plan.OrderOff, plan.ShippingList, plan.Shipping, applied, _request.ExplainSkipped ? Skipped(plan, applied) : [], Nudges(plan));
        }

        private List<SkippedPromotion> Skipped(Plan plan, List<AppliedPromotion> applied)
        {
            var skipped = new List<SkippedPromotion>();
            for (var p = 0; p < _book._all.Length; p++)
            {
                var promotion = _book._all[p];
                if (applied.Any(a => ReferenceEquals(a.Promotion, promotion)))
                {
                    continue;
                }

                var code = _skip[p] ?? Unused(p, plan);
                skipped.Add(new SkippedPromotion(promotion, code, Explain(promotion, code)));
            }

            return skipped;
        }

        /// <summary>Why a promotion that could take part is not in the chosen combination.</summary>
        private string Unused(int p, Plan plan)
        {
            var promotion = _book._all[p];
            switch (promotion.Kind)
            {
                case PromotionKinds.SpendOver or PromotionKinds.Voucher:
                    return ThresholdDiscount(promotion, Base(p, plan), out _) == 0 ? SkipReasons.BelowThreshold : SkipReasons.NotBest;
                case PromotionKinds.FreeShipping:
                    return Base(p, plan) < promotion.Steps[0].MinSatang ? SkipReasons.BelowThreshold : SkipReasons.NotBest;
                case PromotionKinds.QuantityTier:
                    var units = 0;
                    for (var m = _mask[p]; m != 0; m &= m - 1)
                    {
                        units += _items[BitOperations.TrailingZeroCount(m)].Quantity;
                    }

                    return HighestQuantityStep(promotion, units) is null ? SkipReasons.BelowThreshold : promotion.Exclusive ? SkipReasons.NotBest : SkipReasons.UnitsTaken;
                default:
                    return promotion.Exclusive ? SkipReasons.NotBest : SkipReasons.UnitsTaken;
            }
        }

        private static string Explain(Promotion promotion, string code) => code switch
        {
            SkipReasons.Inactive => "switched off",
            SkipReasons.NotStarted => $"starts {promotion.StartsAt:u}",
            SkipReasons.Ended => $"ended {promotion.EndsAt:u}",
            SkipReasons.Customer => "not for this customer (tier, segment or person)",
            SkipReasons.Cap => $"used {promotion.MaxUses} times, its limit",
            SkipReasons.CustomerCap => $"this customer used it {promotion.MaxUsesPerCustomer} times, the limit per customer",
            SkipReasons.NoCode => "its code was not entered",
            SkipReasons.NoItems => "no eligible product in the basket",
            SkipReasons.BelowThreshold => "the basket has not reached its threshold",
            SkipReasons.Method => "not for the chosen shipping method",
            SkipReasons.UnitsTaken => "too few units, or its products went to an item promotion of higher priority",
            SkipReasons.NotBest => "another combination of promotions is cheaper for the shopper",
            _ => code,
        };

        /// <summary>Thresholds the chosen basket is within its promotion's band of, nearest first; one free-shipping nudge at most.</summary>
        private List<PromotionNudge> Nudges(Plan plan)
        {
            var nudges = new List<PromotionNudge>();
            var itemOff = plan.ItemOff;
            PromotionNudge? shipping = null;
            for (var p = 0; p < _book._all.Length; p++)
            {
                var promotion = _book._all[p];
                // A basket with no eligible line yet may still be nudged towards a spend or shipping threshold.
                if (_skip[p] is { } why && !(why == SkipReasons.NoItems && promotion.Kind is PromotionKinds.SpendOver or PromotionKinds.FreeShipping))
                {
                    continue;
                }

                switch (promotion.Kind)
                {
                    case PromotionKinds.SpendOver or PromotionKinds.Voucher:
                    {
                        var basis = EligibleList(p) - itemOff;
                        var next = NextStep(promotion, basis, 0);
                        if (next is not null && Near(promotion, next.MinSatang - basis, next.MinSatang))
                        {
                            var off = next.Percent > 0 ? next.MinSatang * next.Percent / 100 : next.AmountSatang;
                            off = promotion.MaxDiscountSatang is { } cap ? Math.Min(cap, off) : off;
                            // Only one spend-over applies: a threshold giving no more than the one reached is no reason to buy more.
                            if (promotion.Kind == PromotionKinds.Voucher || off > plan.SpendOff)
                            {
                                nudges.Add(new PromotionNudge(promotion, next.MinSatang - basis, 0, next.MinSatang, off));
                            }
                        }

                        break;
                    }

                    case PromotionKinds.FreeShipping:
                    {
                        if (plan.Shipping == 0 && _request.Shipping is not null)
                        {
                            break;
                        }

                        var basis = EligibleList(p) - itemOff;
                        var threshold = promotion.Steps[0].MinSatang;
                        if (basis < threshold && Near(promotion, threshold - basis, threshold)
                            && (shipping is null || threshold - basis < shipping.MissingSatang))
                        {
                            shipping = new PromotionNudge(promotion, threshold - basis, 0, threshold, _request.Shipping?.FeeSatang ?? 0);
                        }

                        break;
                    }

                    case PromotionKinds.QuantityTier when !promotion.Exclusive:
                    {
                        var units = 0;
                        var cheapest = long.MaxValue;
                        for (var m = _mask[p]; m != 0; m &= m - 1)
                        {
                            var item = _items[BitOperations.TrailingZeroCount(m)];
                            units += item.Quantity;
                            cheapest = Math.Min(cheapest, item.UnitPriceSatang);
                        }

                        var next = NextStep(promotion, 0, units);
                        if (next is null || units == 0)
                        {
                            break;
                        }

                        var missing = next.MinQuantity - units;
                        var missingSatang = cheapest * missing;
                        if (missingSatang <= promotion.NudgeBandSatang || missing * 100 <= next.MinQuantity * promotion.NudgeBandPercent)
                        {
                            var perUnit = next.Percent > 0 ? cheapest * next.Percent / 100 : Math.Min(next.AmountSatang, cheapest);
                            nudges.Add(new PromotionNudge(promotion, missingSatang, missing, 0, perUnit * next.MinQuantity, next.MinQuantity));
                        }

                        break;
                    }
                }
            }

            if (shipping is not null)
            {
                nudges.Add(shipping);
            }

            nudges.Sort((a, b) =>
            {
                var byMissing = a.MissingSatang.CompareTo(b.MissingSatang);
                return byMissing != 0 ? byMissing : string.CompareOrdinal(a.Promotion.Id, b.Promotion.Id);
            });
            return nudges;
        }

        private static bool Near(Promotion promotion, long missing, long threshold) =>
            missing > 0 && (missing <= promotion.NudgeBandSatang || missing * 100 <= threshold * promotion.NudgeBandPercent);
    }

    /// <summary>One way of pricing the basket: units left per line, discount per line, what applied and the total.</summary>
    private sealed class Plan
    {
        public required int[] Left { get; init; }

        public required long[] Off { get; init; }

        /// <summary>Which promotions took units of which line, and what they took off it.</summary>
        public required List<(int Line, int Promotion, long Off)> Takers { get; init; }

        public required List<(int Promotion, long Off, string Reason)> Applied { get; init; }

        public long OrderOff { get; set; }

        public long SpendOff { get; set; }

        public long ShippingList { get; set; }

        public long Shipping { get; set; }

        public long Total { get; set; }

        public static Plan Fresh(IReadOnlyList<PricingItem> items)
        {
            var left = new int[items.Count];
            for (var i = 0; i < left.Length; i++)
            {
                left[i] = Math.Max(0, items[i].Quantity);
            }

            return new Plan { Left = left, Off = new long[items.Count], Takers = [], Applied = [] };
        }

        public Plan Copy() => new() { Left = (int[])Left.Clone(), Off = (long[])Off.Clone(), Takers = [.. Takers], Applied = [.. Applied] };

        public long Net(int line, PricingItem item) => item.ListSatang - Off[line];

        public long ItemOff
        {
            get
            {
                var sum = 0L;
                foreach (var off in Off)
                {
                    sum += off;
                }

                return sum;
            }
        }

        /// <summary>Takes back part of the item discounts: the lowest-priority promotion's first, its lines by key.</summary>
        public void Reduce(long amount, IReadOnlyList<PricingItem> items, string note)
        {
            var order = Enumerable.Range(0, Takers.Count)
                .OrderByDescending(t => Takers[t].Promotion)
                .ThenBy(t => items[Takers[t].Line].Key, StringComparer.Ordinal)
                .ToList();
            foreach (var t in order)
            {
                if (amount == 0)
                {
                    break;
                }

                var (line, promotion, off) = Takers[t];
                var cut = Math.Min(off, amount);
                if (cut == 0)
                {
                    continue;
                }

                Takers[t] = (line, promotion, off - cut);
                Off[line] -= cut;
                amount -= cut;
                var a = Applied.FindIndex(x => x.Promotion == promotion);
                if (a >= 0)
                {
                    var (p, was, reason) = Applied[a];
                    Applied[a] = (p, was - cut, reason.EndsWith(')') && reason.Contains(" (cut by ", StringComparison.Ordinal) ? reason : reason + note);
                }
            }
        }

        public void Take(int line, int units, long off, int promotion)
        {
            Left[line] -= units;
            Off[line] += off;
            Takers.Add((line, promotion, off));
        }

        public void AddOff(int line, long off, int promotion)
        {
            if (line >= 0 && off > 0)
            {
                Off[line] += off;
                Takers.Add((line, promotion, off));
            }
        }

        public void Record(int promotion, long off, string reason) => Applied.Add((promotion, off, reason));

        public IReadOnlyList<string> PromotionsOf(int line, Promotion[] all)
        {
            List<string>? ids = null;
            foreach (var (l, p, off) in Takers)
            {
                if (l == line && off > 0)
                {
                    ids ??= [];
                    if (!ids.Contains(all[p].Id))
                    {
                        ids.Add(all[p].Id);
                    }
                }
            }

            return ids is null ? [] : ids;
        }
    }
}
