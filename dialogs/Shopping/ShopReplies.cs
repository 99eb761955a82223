using System.Globalization;
using ChatCommerce.Domain.Catalog;
using ChatCommerce.Domain.Orders;
using ChatCommerce.Domain.Promotions;
using ChatCommerce.Domain.Replies;
using ChatCommerce.Domain.Shop;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Dialogs.Shopping;

/// <summary>
/// The shop's recurring messages, built the same way by every flow: the menu, product cards and
/// details, the basket priced with its promotions and what it is close to.
/// </summary>
public sealed class ShopReplies(
    ReplyTexts texts,
    ICatalogReader catalog,
    IBasketPricer pricer,
    IPromotionStore promotions,
    Promotions.Upsell upsell,
    INudgeLog nudges,
    IOptions<ShopOptions> shop,
    IOptions<ShippingOptions> shipping,
    IOptions<PromotionOptions> promotionOptions,
    TimeProvider clock)
{
    public const int CarouselSize = 10;

    public ReplyTexts Texts => texts;

    public IReadOnlyList<ShippingMethod> ShippingMethods => shipping.Value.Effective;

    /// <summary>Who this turn's shopper is, as promotions see them (set by the turn handler).</summary>
    public PricingCustomer Shopper { get; set; } = PricingCustomer.Anonymous;

    private readonly List<Func<CancellationToken, Task>> _writes = [];
    private NudgeRecord? _startedNudge;

    /// <summary>Whether this turn's shopper has bought before (set by the turn handler).</summary>
    public bool ShopperHasOrdered { get; set; }

    /// <summary>This turn's conversation ("line:U…"), set by the turn handler; null outside a turn.</summary>
    public string? Conversation { get; set; }

    /// <summary>The shopper is in the holdout: never nudged (their baskets are measured all the same).</summary>
    public bool HeldOut => NudgeMeasurement.IsHeldOut(Shopper.CustomerId ?? Conversation ?? "", promotionOptions.Value.HoldoutPercent);

    /// <summary>The nudge this conversation was last shown (from its basket, set by the turn handler).</summary>
    public string? PreviousNudge { get; set; }

    /// <summary>The nudge this turn showed, for the turn handler to keep on the basket.</summary>
    public string? ShownNudge { get; private set; }

    public static PricingCustomer CustomerOf(Conversations.Contacts.ContactInfo? contact) =>
        contact?.CustomerId is { } id ? new PricingCustomer(id, contact.CustomerTier, contact.CustomerSegment) : PricingCustomer.Anonymous;

    /// <summary>The basket at today's prices and promotions for this shopper; with a shipping method, its fee too.</summary>
    public Task<PricedBasket> PriceAsync(Basket basket, string? shippingMethod, CancellationToken cancellationToken, DateTimeOffset? at = null) =>
        pricer.PriceAsync(new BasketPricingRequest(basket.Lines, at ?? clock.GetUtcNow()) { Customer = Shopper, Codes = basket.Codes, ShippingMethodId = shippingMethod }, cancellationToken);

    /// <summary>The promotions running now that this shopper may get (vouchers, being codes, are not listed).</summary>
    public async Task<IReadOnlyList<Promotion>> RunningPromotionsAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var book = await promotions.BookAsync(cancellationToken);
        return [.. book.Promotions.Where(p => p.Kind != PromotionKinds.Voucher && p.RunsAt(now)
            && (p.Tiers.Count == 0 || (Shopper.Tier is { } tier && p.Tiers.Contains(tier)))
            && (p.Segments.Count == 0 || (Shopper.Segment is { } segment && p.Segments.Contains(segment))))];
    }

    public OutboundMessage WithMenu(OutboundMessage message, string locale, Basket? basket = null)
    {
        List<ReplyAction> actions =
        [
            new(texts.Get(locale, "menu.products"), "menu:products"),
            new(texts.Get(locale, "menu.categories"), "menu:categories"),
        ];
        if (basket is { IsEmpty: false })
        {
            actions.Add(new(texts.Get(locale, "basket.view"), "basket:view"));
            actions.Add(new(texts.Get(locale, "basket.checkout"), "checkout:start"));
        }

        actions.Add(new(texts.Get(locale, "orders.my_orders"), "orders:list"));
        actions.Add(new(texts.Get(locale, "menu.language"), locale == "en" ? "lang:th" : "lang:en"));
        return message with { QuickReplies = actions };
    }

    public string Stock(string locale, Product product) =>
        product.InStock ? texts.Get(locale, "catalog.stock", ("stock", Number(product.Stock))) : texts.Get(locale, "catalog.out_of_stock");

    public OutboundMessage Carousel(string locale, string title, IReadOnlyList<Product> products, Basket basket)
    {
        if (products.Count == 0)
        {
            return WithMenu(new TextReply(texts.Get(locale, "catalog.empty")), locale, basket);
        }

        var cards = products.Take(CarouselSize).Select(p => new ProductCard(
            p.Name(locale),
            Stock(locale, p) + (p.Sizes.Count > 0 ? " · " + string.Join('/', p.Sizes) : ""),
            p.Price.ToDisplay(),
            ImageUrl(p),
            p.InStock
                ? [new ReplyAction(texts.Get(locale, "catalog.add"), "add:" + p.Sku), new ReplyAction(texts.Get(locale, "catalog.details"), "product:" + p.Sku, p.Name(locale))]
                : [new ReplyAction(texts.Get(locale, "catalog.details"), "product:" + p.Sku, p.Name(locale))])).ToList();
        return WithMenu(new ProductCarouselReply(title, cards), locale, basket);
    }

    /// <summary>Name, price, stock (or when it is back), sizes, description and CF code.</summary>
    public OutboundMessage Details(string locale, Product product, Basket basket)
    {
        var lines = new List<string> { product.Name(locale), $"{product.Price.ToDisplay()} · {Stock(locale, product)}" };
        if (!product.InStock && BackOn(locale, product) is { } back)
        {
            lines.Add(back);
        }

        if (product.Sizes.Count > 0)
        {
            lines.Add(texts.Get(locale, "catalog.sizes", ("sizes", string.Join(", ", product.Sizes))));
        }

        var description = locale == "en" ? product.DescriptionEn : product.DescriptionTh;
        if (description.Length > 0)
        {
            lines.Add(description);
        }

        lines.Add("CF: " + product.CfCode.ToUpperInvariant());
        var reply = WithMenu(new TextReply(string.Join('\n', lines)), locale, basket);
        return product.InStock
            ? reply with { QuickReplies = [new ReplyAction(texts.Get(locale, "catalog.add"), "add:" + product.Sku), .. reply.QuickReplies] }
            : reply;
    }

    public string? BackOn(string locale, Product product) =>
        product.RestockOn is { } date && date > DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)
            ? texts.Get(locale, "catalog.back_on", ("date", Date(locale, date)))
            : null;

    /// <summary>In-stock products of the same category, closest in price first.</summary>
    public async Task<IReadOnlyList<Product>> SubstitutesAsync(Product product, CancellationToken cancellationToken) =>
        (await catalog.ProductsAsync(product.CategoryId, 50, cancellationToken))
            .Where(p => p.Sku != product.Sku && p.InStock && p.Active)
            .OrderBy(p => Math.Abs(p.PriceSatang - product.PriceSatang))
            .Take(3)
            .ToList();

    public Task<IReadOnlyDictionary<string, Product>> ProductsOfAsync(Basket basket, CancellationToken cancellationToken) =>
        catalog.FindManyAsync(basket.Lines.Select(l => l.Sku), cancellationToken);

    /// <summary>The basket's lines and what promotions take off, the total, what it is close to, and what to do next.</summary>
    public async Task<OutboundMessage> BasketAsync(string locale, Basket basket, CancellationToken cancellationToken, string? headline = null)
    {
        if (basket.IsEmpty)
        {
            return WithMenu(new TextReply(headline is null ? texts.Get(locale, "basket.empty") : headline + "\n" + texts.Get(locale, "basket.empty")), locale, basket);
        }

        // Priced with the first shipping method, as most shoppers send: its free shipping shows.
        var priced = await PriceAsync(basket, ShippingMethods[0].Id, cancellationToken);
        var quote = priced.Quote;
        var lines = new List<string>();
        if (headline is not null)
        {
            lines.Add(headline);
            lines.Add("");
        }

        lines.Add(texts.Get(locale, "basket.summary_title"));
        lines.AddRange(basket.Lines.Select(l => LineText(locale, l, priced)));
        lines.AddRange(PromotionLines(locale, quote, shippingToo: false));
        lines.Add(texts.Get(locale, quote.DiscountSatang > 0 ? "basket.total_after" : "basket.subtotal", ("subtotal", new Money(quote.GoodsSatang).ToDisplay())));

        // The nearest threshold, with one-tap adds of the products that reach it; the same nudge
        // for the same basket is not shown twice in a row.
        var nudge = quote.Nudges.FirstOrDefault();
        var key = nudge is null ? null : $"{nudge.Promotion.Id}:{nudge.ThresholdSatang}:{nudge.ThresholdQuantity}:{basket.ContentKey()}";
        var repeat = key is not null && key == PreviousNudge;
        var heldOut = HeldOut;
        lines.AddRange(Nudges(locale, priced, thresholds: !repeat && !heldOut));
        Measure(priced, nudge, heldOut);
        List<ReplyAction> suggestions = [];
        if (nudge is not null && !repeat)
        {
            ShownNudge = key;
        }

        if (nudge is not null && !repeat && !heldOut)
        {
            foreach (var product in await upsell.SuggestAsync(priced, nudge, Shopper.CustomerId, ShopperHasOrdered, cancellationToken))
            {
                suggestions.Add(new ReplyAction(Truncate($"+ {product.Name(locale)}", 20), "add:" + product.Sku, $"{texts.Get(locale, "catalog.add")} {product.Name(locale)}"));
            }
        }

        List<ReplyAction> actions = [new(texts.Get(locale, "basket.checkout"), "checkout:start"), .. suggestions, new(texts.Get(locale, "basket.keep_shopping"), "menu:products")];
        // Quick replies are at most 13 on both platforms: removals fill what the rest leaves.
        actions.AddRange(basket.Lines.Take(Math.Min(8, 10 - suggestions.Count)).Select(l =>
            new ReplyAction(
                Truncate($"{texts.Get(locale, "basket.remove")} {Name(locale, l, priced.Products)}", 20),
                "basket:remove:" + l.Key,
                $"{texts.Get(locale, "basket.remove")} {Name(locale, l, priced.Products)}{SizeText(l.Size)}")));
        actions.Add(new(texts.Get(locale, "basket.clear"), "basket:clear"));
        return new TextReply(string.Join('\n', lines)) { QuickReplies = actions };
    }

    /// <summary>
    /// The experiment: a basket near a threshold starts a measured basket (nudged or held out), and
    /// a nudged basket that got the promotion it was near marks it crossed. Outside a turn nothing
    /// is measured. The start waits for <see cref="TakeStartedNudge"/> (written with the turn's
    /// commit), the crossing for <see cref="TakeWrites"/>.
    /// </summary>
    private void Measure(PricedBasket priced, PromotionNudge? nudge, bool heldOut)
    {
        if (Conversation is not { } conversation)
        {
            return;
        }

        // Only a basket nudged before can cross; got, and not still nudged towards a higher step of it.
        var got = PreviousNudge is null ? [] : priced.Quote.Applied.Select(a => a.Promotion.Id).Except(priced.Quote.Nudges.Select(n => n.Promotion.Id)).ToList();
        if (got.Count > 0)
        {
            _writes.Add(ct => nudges.CrossedAsync(conversation, got, priced.Request.At, ct));
        }

        if (nudge is not null)
        {
            var record = new NudgeRecord
            {
                Conversation = conversation,
                CustomerId = Shopper.CustomerId,
                PromotionId = nudge.Promotion.Id,
                Holdout = heldOut,
                BasketSatang = priced.Quote.GoodsSatang,
                MissingSatang = nudge.MissingSatang,
                AtMs = priced.Request.At.ToUnixTimeMilliseconds(),
            };
            // Kept with the turn's commit; the first of a turn is the one measured.
            _startedNudge ??= record;
        }
    }

    /// <summary>The basket this turn started measuring, for the turn handler to commit with the turn (see <see cref="NudgeRecord"/>).</summary>
    public NudgeRecord? TakeStartedNudge()
    {
        var started = _startedNudge;
        _startedNudge = null;
        return started;
    }

    /// <summary>
    /// The measurement writes this turn asked for, for the turn handler to run at the end of the
    /// turn: the first write of a turn opens its transaction (on SQLite, the one writer's gate),
    /// which should not be held across the rest of the turn's work.
    /// </summary>
    public IReadOnlyList<Func<CancellationToken, Task>> TakeWrites()
    {
        var taken = _writes.ToList();
        _writes.Clear();
        return taken;
    }

    /// <summary>One line per promotion applied: "🎁 name −฿50"; free shipping as "🚚 name".</summary>
    public IEnumerable<string> PromotionLines(string locale, PriceQuote quote, bool shippingToo) =>
        quote.Applied
            .Where(a => shippingToo || a.Promotion.Kind != PromotionKinds.FreeShipping)
            .Select(a => a.Promotion.Kind == PromotionKinds.FreeShipping
                ? texts.Get(locale, "basket.promotion_shipping", ("name", a.Promotion.DisplayName(locale)))
                : texts.Get(locale, "basket.promotion", ("name", a.Promotion.DisplayName(locale)), ("amount", new Money(a.DiscountSatang).ToDisplay())));

    /// <summary>Free shipping reached, and (with <paramref name="thresholds"/>) the nearest thresholds and what they give.</summary>
    public IEnumerable<string> Nudges(string locale, PricedBasket priced, bool thresholds = true)
    {
        var quote = priced.Quote;
        if (priced.Method is { } method && quote.ShippingListSatang > 0 && quote.ShippingSatang == 0)
        {
            yield return texts.Get(locale, "basket.free_shipping_reached", ("method", method.Name(locale)));
        }

        foreach (var nudge in quote.Nudges.Take(thresholds ? 2 : 0))
        {
            var gap = ("gap", new Money(nudge.MissingSatang).ToDisplay());
            var name = ("name", nudge.Promotion.DisplayName(locale));
            yield return nudge switch
            {
                { IsFreeShipping: true } => texts.Get(locale, "basket.free_shipping_gap", gap, ("method", priced.Method?.Name(locale) ?? nudge.Promotion.DisplayName(locale))),
                { MissingQuantity: > 0 } => texts.Get(locale, "basket.nudge_quantity", ("quantity", Number(nudge.MissingQuantity)), name),
                _ => texts.Get(locale, "basket.nudge_spend", gap, ("amount", new Money(nudge.UnlocksSatang).ToDisplay()), name),
            };
        }
    }

    /// <summary>"• name (M) × 2 = ฿580", with what promotions took off the line.</summary>
    public string LineText(string locale, BasketLine line, PricedBasket priced)
    {
        var product = priced.Products.GetValueOrDefault(line.Sku);
        var list = product is null ? Money.Zero : product.Price * line.Quantity;
        var off = priced.Line(line)?.DiscountSatang ?? 0;
        return texts.Get(locale, off > 0 ? "basket.line_discounted" : "basket.line",
            ("name", Name(locale, line, priced.Products)),
            ("size", SizeText(line.Size)),
            ("quantity", Number(line.Quantity)),
            ("amount", new Money(list.Satang - off).ToDisplay()),
            ("list", list.ToDisplay()));
    }

    public static string SizeText(string? size) => size is null ? "" : $" ({size})";

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A time as the shopper reads it, in the shop's time zone: "1 ธ.ค. 2569 14:30 น." / "1 Dec 2026 14:30".</summary>
    public string Time(string locale, DateTimeOffset at)
    {
        var local = shop.Value.Local(at);
        var culture = CultureInfo.GetCultureInfo(locale == "en" ? "en-GB" : "th-TH");
        return texts.Get(locale, "time.format", ("time", local.ToString("d MMM yyyy HH:mm", culture)));
    }

    public static string Date(string locale, DateOnly date) =>
        date.ToString(locale == "en" ? "d MMM yyyy" : "d MMM yyyy", CultureInfo.GetCultureInfo(locale == "en" ? "en-GB" : "th-TH"));

    private static string Name(string locale, BasketLine line, IReadOnlyDictionary<string, Product> products) =>
        products.TryGetValue(line.Sku, out var p) ? p.Name(locale) : line.Sku;

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private string? ImageUrl(Product product)
    {
        if (Uri.TryCreate(product.ImagePath, UriKind.Absolute, out var absolute))
        {
            return absolute.ToString();
        }

        var baseUrl = shop.Value.PublicBaseUrl;
        return string.IsNullOrEmpty(baseUrl) ? null : baseUrl.TrimEnd('/') + "/" + product.ImagePath.TrimStart('/');
    }
}
