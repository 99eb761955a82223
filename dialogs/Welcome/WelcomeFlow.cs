using System.Text.Json.Serialization.Metadata;
using ChatCommerce.Conversations.Engine;
using ChatCommerce.Conversations.Turns;
using ChatCommerce.Domain.Catalog;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Replies;
using ChatCommerce.Domain.Shop;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Dialogs.Welcome;

/// <summary>
/// The greeting and menu. Greets a message (by name when known), shows the catalog when the
/// shopper asks to browse, thanks back, answers the menu's buttons (products, categories,
/// language) and treats an unknown or stale button as a greeting.
/// </summary>
public sealed class WelcomeFlow(ReplyTexts texts, ICatalogReader catalog, IOptions<ShopOptions> shop) : Flow<WelcomeState>
{
    public const string FlowId = "welcome";
    private const int CarouselSize = 10;

    public override string Id => FlowId;

    protected override JsonTypeInfo<WelcomeState> StateJson => DialogJson.Default.WelcomeState;

    protected override string FirstStep => "start";

    protected override WelcomeState Start(string? arguments) => new(0);

    protected override IReadOnlyDictionary<string, Func<StepContext<WelcomeState>, ValueTask<StepResult<WelcomeState>>>> DefineSteps() =>
        new Dictionary<string, Func<StepContext<WelcomeState>, ValueTask<StepResult<WelcomeState>>>> { ["start"] = StartAsync };

    private async ValueTask<StepResult<WelcomeState>> StartAsync(StepContext<WelcomeState> context)
    {
        var input = context.Input;
        var locale = context.Locale;
        var payload = context.Payload ?? "";
        var cancellationToken = context.CancellationToken;
        OutboundMessage reply = payload switch
        {
            "menu:products" => await CarouselAsync(locale, null, texts.Get(locale, "catalog.featured"), cancellationToken),
            "menu:categories" => await CategoriesAsync(locale, cancellationToken),
            _ when payload.StartsWith("cat:", StringComparison.Ordinal) => await CategoryAsync(locale, payload[4..], cancellationToken),
            _ when payload.StartsWith("product:", StringComparison.Ordinal) => await ProductAsync(input, locale, payload[8..], cancellationToken),
            _ when NamedProducts(input) is { Count: > 0 } skus => await NamedProductsAsync(locale, skus, cancellationToken),
            _ when input.Understanding.Intent == "browse" => await CarouselAsync(locale, null, texts.Get(locale, "catalog.featured"), cancellationToken),
            _ when input.Understanding.Intent == "thanks" => WithMenu(new TextReply(texts.Get(locale, "thanks.reply")), locale),
            _ => Greeting(input, locale),
        };
        context.Say(reply);
        return Wait("start", context.State with { Turns = context.State.Turns + 1 });
    }

    /// <summary>Products named in a shopping question (not in a complaint or a thank-you).</summary>
    private static List<string> NamedProducts(TurnInput input) =>
        input.Understanding.Intent is "complaint" or "thanks" or "cancel" or "human_agent" or "order_status" or "payment"
            ? []
            : input.Understanding.Entities.Where(e => e.Type == "product").Select(e => e.Value).ToList();

    private OutboundMessage Greeting(TurnInput input, string locale)
    {
        var name = input.Contact?.DisplayName;
        var text = input.Event.Kind == InboundEventKind.Follow ? texts.Get(locale, "welcome.followed")
            : input.Event.Kind == InboundEventKind.Message && input.Event.ContentType is not (MessageContentType.Text or MessageContentType.Sticker)
                ? texts.Get(locale, "unsupported.media")
            : string.IsNullOrWhiteSpace(name) ? texts.Get(locale, "welcome.greeting")
            : texts.Get(locale, "welcome.greeting.named", ("name", name));
        return WithMenu(new TextReply(text), locale);
    }

    private async Task<OutboundMessage> ProductAsync(TurnInput input, string locale, string sku, CancellationToken cancellationToken)
    {
        var product = await catalog.FindAsync(sku, cancellationToken);
        if (product is null || !product.Active)
        {
            return Greeting(input, locale);
        }

        var stock = product.InStock
            ? texts.Get(locale, "catalog.stock", ("stock", product.Stock.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            : texts.Get(locale, "catalog.out_of_stock");
        var description = locale == "en" ? product.DescriptionEn : product.DescriptionTh;
        var text = $"{product.Name(locale)}\n{product.Price.ToDisplay()} · {stock}\n{description}\nCF: {product.CfCode.ToUpperInvariant()}";
        return WithMenu(new TextReply(text.TrimEnd()), locale);
    }

    private async Task<OutboundMessage> CategoriesAsync(string locale, CancellationToken cancellationToken)
    {
        var categories = await catalog.CategoriesAsync(cancellationToken);
        var actions = categories.Take(12)
            .Select(c => new ReplyAction(locale == "en" ? c.NameEn : c.NameTh, "cat:" + c.Id))
            .ToList();
        return new TextReply(texts.Get(locale, "menu.pick_category")) { QuickReplies = actions };
    }

    private async Task<OutboundMessage> CategoryAsync(string locale, string categoryId, CancellationToken cancellationToken)
    {
        var category = (await catalog.CategoriesAsync(cancellationToken)).FirstOrDefault(c => c.Id == categoryId);
        if (category is null)
        {
            return WithMenu(new TextReply(texts.Get(locale, "catalog.empty")), locale);
        }

        var title = texts.Get(locale, "catalog.in_category", ("category", locale == "en" ? category.NameEn : category.NameTh));
        return await CarouselAsync(locale, category.Id, title, cancellationToken);
    }

    private async Task<OutboundMessage> CarouselAsync(string locale, string? categoryId, string title, CancellationToken cancellationToken) =>
        Carousel(locale, title, await catalog.ProductsAsync(categoryId, CarouselSize, cancellationToken));

    /// <summary>The products the shopper named (by name, synonym, CF code or a near spelling).</summary>
    private async Task<OutboundMessage> NamedProductsAsync(string locale, IEnumerable<string> skus, CancellationToken cancellationToken)
    {
        var products = new List<Product>();
        foreach (var sku in skus.Distinct().Take(CarouselSize))
        {
            if (await catalog.FindAsync(sku, cancellationToken) is { Active: true } product)
            {
                products.Add(product);
            }
        }

        return Carousel(locale, texts.Get(locale, "catalog.found"), products);
    }

    private OutboundMessage Carousel(string locale, string title, IReadOnlyList<Product> products)
    {
        if (products.Count == 0)
        {
            return WithMenu(new TextReply(texts.Get(locale, "catalog.empty")), locale);
        }

        var cards = products.Select(p => new ProductCard(
            p.Name(locale),
            p.InStock ? texts.Get(locale, "catalog.stock", ("stock", p.Stock.ToString(System.Globalization.CultureInfo.InvariantCulture))) : texts.Get(locale, "catalog.out_of_stock"),
            p.Price.ToDisplay(),
            ImageUrl(p),
            [new ReplyAction(texts.Get(locale, "catalog.details"), "product:" + p.Sku, p.Name(locale))])).ToList();
        return WithMenu(new ProductCarouselReply(title, cards), locale);
    }

    private string? ImageUrl(Product product)
    {
        if (Uri.TryCreate(product.ImagePath, UriKind.Absolute, out var absolute))
        {
            return absolute.ToString();
        }

        var baseUrl = shop.Value.PublicBaseUrl;
        return string.IsNullOrEmpty(baseUrl) ? null : baseUrl.TrimEnd('/') + "/" + product.ImagePath.TrimStart('/');
    }

    internal OutboundMessage WithMenu(OutboundMessage message, string locale) => message with
    {
        QuickReplies =
        [
            new ReplyAction(texts.Get(locale, "menu.products"), "menu:products"),
            new ReplyAction(texts.Get(locale, "menu.categories"), "menu:categories"),
            new ReplyAction(texts.Get(locale, "menu.language"), locale == "en" ? "lang:th" : "lang:en"),
        ],
    };
}
