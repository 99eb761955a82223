using System.Globalization;
using ChatCommerce.Domain.Catalog;
using ChatCommerce.Domain.Orders;
using ChatCommerce.Domain.Replies;
using ChatCommerce.Domain.Shop;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Dialogs.Shopping;

/// <summary>
/// The shop's recurring messages, built the same way by every flow: the menu, product cards and
/// details, the basket with its subtotal and free-shipping nudge.
/// </summary>
public sealed class ShopReplies(ReplyTexts texts, ICatalogReader catalog, IOptions<ShopOptions> shop, IOptions<ShippingOptions> shipping, TimeProvider clock)
{
    public const int CarouselSize = 10;

    public ReplyTexts Texts => texts;

    public IReadOnlyList<ShippingMethod> ShippingMethods => shipping.Value.Effective;

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

    /// <summary>The basket's lines and subtotal, how far it is from free shipping, and what to do next.</summary>
    public async Task<OutboundMessage> BasketAsync(string locale, Basket basket, CancellationToken cancellationToken, string? headline = null)
    {
        if (basket.IsEmpty)
        {
            return WithMenu(new TextReply(headline is null ? texts.Get(locale, "basket.empty") : headline + "\n" + texts.Get(locale, "basket.empty")), locale, basket);
        }

        var products = await ProductsOfAsync(basket, cancellationToken);
        var lines = new List<string>();
        if (headline is not null)
        {
            lines.Add(headline);
            lines.Add("");
        }

        lines.Add(texts.Get(locale, "basket.summary_title"));
        lines.AddRange(basket.Lines.Select(l => LineText(locale, l, products)));
        var subtotal = basket.Subtotal(products);
        lines.Add(texts.Get(locale, "basket.subtotal", ("subtotal", subtotal.ToDisplay())));
        if (Nudge(locale, subtotal) is { } nudge)
        {
            lines.Add(nudge);
        }

        List<ReplyAction> actions =
        [
            new(texts.Get(locale, "basket.checkout"), "checkout:start"),
            new(texts.Get(locale, "basket.keep_shopping"), "menu:products"),
        ];
        actions.AddRange(basket.Lines.Take(8).Select(l =>
            new ReplyAction(
                Truncate($"{texts.Get(locale, "basket.remove")} {Name(locale, l, products)}", 20),
                "basket:remove:" + l.Key,
                $"{texts.Get(locale, "basket.remove")} {Name(locale, l, products)}{SizeText(l.Size)}")));
        actions.Add(new(texts.Get(locale, "basket.clear"), "basket:clear"));
        return new TextReply(string.Join('\n', lines)) { QuickReplies = actions };
    }

    /// <summary>"฿120 more for free shipping" for the cheapest method that can become free.</summary>
    public string? Nudge(string locale, Money subtotal)
    {
        var method = ShippingMethods.Where(m => m.FreeAboveSatang > 0).MinBy(m => m.FreeAboveSatang);
        if (method is null)
        {
            return null;
        }

        return method.MissingForFree(subtotal) is { } gap
            ? texts.Get(locale, "basket.free_shipping_gap", ("gap", gap.ToDisplay()), ("method", method.Name(locale)))
            : texts.Get(locale, "basket.free_shipping_reached", ("method", method.Name(locale)));
    }

    public string LineText(string locale, BasketLine line, IReadOnlyDictionary<string, Product> products) =>
        texts.Get(locale, "basket.line",
            ("name", Name(locale, line, products)),
            ("size", SizeText(line.Size)),
            ("quantity", Number(line.Quantity)),
            ("amount", (products.TryGetValue(line.Sku, out var p) ? p.Price * line.Quantity : Money.Zero).ToDisplay()));

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
