using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using ChatCommerce.Conversations.Engine;
using ChatCommerce.Domain.Catalog;
using ChatCommerce.Domain.Orders;
using ChatCommerce.Domain.Replies;

namespace ChatCommerce.Dialogs.Shopping;

public sealed record AddToBasketState(string Sku, int Quantity, string? Size);

/// <summary>
/// Puts a product in the basket: asks for the size when the product has sizes and none was said,
/// keeps the quantity within stock, and for a product that is out of stock says when it is back
/// (if known) and offers substitutes from the same category at a close price.
/// </summary>
public sealed class AddToBasketFlow(ShopReplies shop, ICatalogReader catalog) : Flow<AddToBasketState>
{
    public const string FlowId = "add-to-basket";

    public override string Id => FlowId;

    protected override JsonTypeInfo<AddToBasketState> StateJson => DialogJson.Default.AddToBasketState;

    protected override string FirstStep => "start";

    /// <summary>Arguments: "sku|quantity|size" (size may be empty).</summary>
    public static string Arguments(string sku, int quantity, string? size) =>
        string.Join('|', sku, quantity.ToString(CultureInfo.InvariantCulture), size ?? "");

    protected override AddToBasketState Start(string? arguments)
    {
        var parts = (arguments ?? "").Split('|');
        var quantity = parts.Length > 1 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var q) ? q : 1;
        return new AddToBasketState(parts[0], Math.Clamp(quantity, 1, Basket.MaxQuantity), parts.Length > 2 && parts[2].Length > 0 ? parts[2] : null);
    }

    protected override IReadOnlyDictionary<string, Func<StepContext<AddToBasketState>, ValueTask<StepResult<AddToBasketState>>>> DefineSteps() =>
        new Dictionary<string, Func<StepContext<AddToBasketState>, ValueTask<StepResult<AddToBasketState>>>>
        {
            ["start"] = StartAsync,
            ["size"] = SizeAsync,
            ["add"] = AddAsync,
        };

    private async ValueTask<StepResult<AddToBasketState>> StartAsync(StepContext<AddToBasketState> context)
    {
        var locale = context.Locale;
        var product = await catalog.FindAsync(context.State.Sku, context.CancellationToken);
        if (product is not { Active: true })
        {
            context.Say(shop.WithMenu(new TextReply(shop.Texts.Get(locale, "catalog.which_product")), locale, context.Basket));
            return End();
        }

        if (!product.InStock)
        {
            await SayOutOfStockAsync(context, product);
            return End();
        }

        if (product.Sizes.Count > 0 && (context.State.Size is null || !product.Sizes.Contains(context.State.Size)))
        {
            AskSize(context, product);
            return Wait("size", context.State);
        }

        return Goto("add", context.State);
    }

    private async ValueTask<StepResult<AddToBasketState>> SizeAsync(StepContext<AddToBasketState> context)
    {
        var product = await catalog.FindAsync(context.State.Sku, context.CancellationToken);
        if (product is not { Active: true })
        {
            return End();
        }

        var options = SizeOptions(product);
        var chosen = Prompts.Choice(context, options)?.Split(':')[^1]
            ?? context.Input.Understanding.Entities.FirstOrDefault(e => e.Type == "size" && product.Sizes.Contains(e.Value))?.Value
            ?? product.Sizes.FirstOrDefault(s => string.Equals(s, context.Text.Trim(), StringComparison.OrdinalIgnoreCase));
        if (chosen is null)
        {
            AskSize(context, product);
            return Retry(context.State);
        }

        return Goto("add", context.State with { Size = chosen });
    }

    private async ValueTask<StepResult<AddToBasketState>> AddAsync(StepContext<AddToBasketState> context)
    {
        var locale = context.Locale;
        var (sku, quantity, size) = context.State;
        var product = await catalog.FindAsync(sku, context.CancellationToken);
        if (product is not { Active: true, InStock: true })
        {
            if (product is not null)
            {
                await SayOutOfStockAsync(context, product);
            }

            return End();
        }

        var basket = context.Basket;
        if (basket.Lines.Count >= Basket.MaxLines && !basket.Lines.Any(l => l.Sku == sku && l.Size == size))
        {
            context.Say(await shop.BasketAsync(locale, basket, context.CancellationToken, shop.Texts.Get(locale, "basket.full", ("max", ShopReplies.Number(Basket.MaxLines)))));
            return End();
        }

        var already = basket.Lines.Where(l => l.Sku == sku).Sum(l => l.Quantity);
        string? note = null;
        if (already + quantity > product.Stock)
        {
            note = shop.Texts.Get(locale, "basket.not_enough", ("name", product.Name(locale)), ("stock", ShopReplies.Number(product.Stock)));
            quantity = product.Stock - already;
            if (quantity <= 0)
            {
                context.Say(await shop.BasketAsync(locale, basket, context.CancellationToken, note));
                return End();
            }
        }

        context.Basket = basket.Add(sku, quantity, size);
        var added = shop.Texts.Get(locale, "basket.added", ("name", product.Name(locale)), ("size", ShopReplies.SizeText(size)), ("quantity", ShopReplies.Number(quantity)));
        context.Say(await shop.BasketAsync(locale, context.Basket, context.CancellationToken, note is null ? added : note + "\n" + added));
        return End();
    }

    private void AskSize(StepContext<AddToBasketState> context, Product product) =>
        context.Say(new TextReply(shop.Texts.Get(context.Locale, "basket.ask_size", ("name", product.Name(context.Locale)))) { QuickReplies = SizeOptions(product) });

    private static List<ReplyAction> SizeOptions(Product product) =>
        product.Sizes.Select(s => new ReplyAction(s, $"size:{product.Sku}:{s}")).ToList();

    private async Task SayOutOfStockAsync(StepContext<AddToBasketState> context, Product product)
    {
        var locale = context.Locale;
        var text = shop.Texts.Get(locale, "basket.out_of_stock", ("name", product.Name(locale)));
        if (shop.BackOn(locale, product) is { } back)
        {
            text += "\n" + back;
        }

        var substitutes = await shop.SubstitutesAsync(product, context.CancellationToken);
        if (substitutes.Count == 0)
        {
            context.Say(shop.WithMenu(new TextReply(text), locale, context.Basket));
            return;
        }

        context.Say(new TextReply(text + "\n" + shop.Texts.Get(locale, "basket.substitutes")));
        context.Say(shop.Carousel(locale, shop.Texts.Get(locale, "basket.substitutes"), substitutes, context.Basket));
    }
}
