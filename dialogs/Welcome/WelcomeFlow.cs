using System.Text.Json.Serialization.Metadata;
using ChatCommerce.Conversations.Engine;
using ChatCommerce.Conversations.Turns;
using ChatCommerce.Dialogs.Checkout;
using ChatCommerce.Dialogs.Orders;
using ChatCommerce.Dialogs.Shopping;
using ChatCommerce.Domain.Catalog;
using ChatCommerce.Domain.Customers;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Orders;
using ChatCommerce.Domain.Replies;
using ChatCommerce.Domain.Text;
using ChatCommerce.Domain.Understanding;

namespace ChatCommerce.Dialogs.Welcome;

/// <summary>
/// The root flow: greets, answers the menu's buttons, and routes what the shopper says to
/// browsing, product questions (about a product named or the one in context), the basket
/// (add, change, remove, view), checkout and order status. An unknown or stale button gets a
/// polite answer, never an error.
/// </summary>
public sealed partial class WelcomeFlow(
    ShopReplies shop,
    ICatalogReader catalog,
    IOrderStore orders,
    OrderReplies orderReplies,
    Payments.PaymentDesk payments,
    Payments.PaymentReplies paymentReplies,
    Conversations.Handoffs.IHandoffQueue queue,
    Microsoft.Extensions.Options.IOptions<Conversations.Handoffs.HandoffOptions> handoff,
    ICustomerInsights customers) : Flow<WelcomeState>
{
    public const string FlowId = "welcome";
    private static readonly string[] RemoveWords = ["เอาออก", "ลบ", "ไม่เอา", "remove", "delete", "take out", "take off"];
    private static readonly string[] ChangeWords = ["เปลี่ยน", "แก้เป็น", "แก้จำนวน", "change", "make it", "update"];
    private static readonly string[] SizeWords = ["ไซส์", "ไซซ์", "size", "ขนาด"];
    private static readonly string[] StockWords = ["มีของ", "เหลือ", "หมด", "stock", "available", "พร้อมส่ง"];
    private static readonly string[] PriceWords = ["ราคา", "กี่บาท", "เท่าไหร่", "price", "how much", "cost"];

    /// <summary>Below this intent confidence, words of the catalog in the message decide (a complaint is said with more certainty).</summary>
    public const float CatalogGuessBelow = 0.6f;

    public override string Id => FlowId;

    protected override JsonTypeInfo<WelcomeState> StateJson => DialogJson.Default.WelcomeState;

    protected override string FirstStep => "start";

    protected override WelcomeState Start(string? arguments) => new(0);

    protected override IReadOnlyDictionary<string, Func<StepContext<WelcomeState>, ValueTask<StepResult<WelcomeState>>>> DefineSteps() =>
        new Dictionary<string, Func<StepContext<WelcomeState>, ValueTask<StepResult<WelcomeState>>>>
        {
            ["start"] = StartAsync,
            ["back"] = c => ValueTask.FromResult(Wait("start", c.State)),
        };

    private async ValueTask<StepResult<WelcomeState>> StartAsync(StepContext<WelcomeState> context)
    {
        var state = context.State with { Turns = context.State.Turns + 1, Misunderstood = 0 };
        return context.Payload is { } payload
            ? await ButtonAsync(context, state, payload)
            : await MessageAsync(context, state);
    }

    private async ValueTask<StepResult<WelcomeState>> ButtonAsync(StepContext<WelcomeState> context, WelcomeState state, string payload)
    {
        var locale = context.Locale;
        var basket = context.Basket;
        var cancellationToken = context.CancellationToken;
        var (verb, rest) = payload.IndexOf(':') is var colon and > 0 ? (payload[..colon], payload[(colon + 1)..]) : (payload, "");
        switch (verb, rest)
        {
            case ("menu", "products"):
                context.Say(shop.Carousel(locale, shop.Texts.Get(locale, "catalog.featured"), await catalog.ProductsAsync(null, ShopReplies.CarouselSize, cancellationToken), basket));
                break;
            case ("menu", "categories"):
                context.Say(await CategoriesAsync(locale, cancellationToken));
                break;
            case ("cat", _):
                context.Say(await CategoryAsync(locale, rest, basket, cancellationToken));
                break;
            case ("product", _) when await catalog.FindAsync(rest, cancellationToken) is { Active: true } product:
                context.Say(shop.Details(locale, product, basket));
                return Wait("start", state with { LastSku = product.Sku });
            case ("add", _):
                return Call(AddToBasketFlow.FlowId, AddToBasketFlow.Arguments(rest, 1, null), "back", state with { LastSku = rest });
            case ("size", _) when rest.Split(':') is [var sku, var size]:
                return Call(AddToBasketFlow.FlowId, AddToBasketFlow.Arguments(sku, 1, size), "back", state with { LastSku = sku });
            case ("basket", "view"):
                context.Say(await shop.BasketAsync(locale, basket, cancellationToken));
                break;
            case ("basket", "clear"):
                context.Basket = Basket.Empty;
                context.Say(shop.WithMenu(new TextReply(shop.Texts.Get(locale, "basket.cleared")), locale, context.Basket));
                break;
            case ("basket", _) when rest.StartsWith("remove:", StringComparison.Ordinal):
                await ChangeLineAsync(context, rest["remove:".Length..], 0);
                break;
            case ("checkout", "start"):
                return Call(CheckoutFlow.FlowId, null, "back", state);
            case ("checkout", _) when payload.StartsWith(CheckoutFlow.ConfirmPrefix, StringComparison.Ordinal) || payload.StartsWith(CheckoutFlow.EditPrefix, StringComparison.Ordinal):
                context.Say(await StaleCheckoutAsync(context, payload.Split(':')[^1]));
                break;
            case ("orders", "list"):
                context.Say(await orderReplies.RecentAsync(context.Input.Event.Conversation, locale, basket, cancellationToken));
                break;
            case ("again", _):
                await BuyAgainAsync(context, rest);
                break;
            case ("menu", "for-you"):
                context.Say(await PicksAsync(context));
                break;
            default:
                await GreetAsync(context);
                break;
        }

        return Wait("start", state);
    }

    private async ValueTask<StepResult<WelcomeState>> MessageAsync(StepContext<WelcomeState> context, WelcomeState state)
    {
        var input = context.Input;
        var locale = context.Locale;
        var basket = context.Basket;
        var cancellationToken = context.CancellationToken;
        var understanding = input.Understanding;
        var intent = understanding.Intent;
        var text = TextOf(input);
        var question = ProductQuestion.Of(text, understanding);

        var products = NamedProducts(input);
        var quantity = understanding.Entities.FirstOrDefault(e => e.Type == "quantity") is { } q && int.TryParse(q.Value, out var n) ? n : (int?)null;
        var size = understanding.Entities.FirstOrDefault(e => e.Type == "size")?.Value;

        if (understanding.Entities.FirstOrDefault(e => e.Type == "order_number") is { } number)
        {
            context.Say(await orderReplies.OneAsync(input.Event.Conversation, locale, number.Value, basket, cancellationToken));
            return Wait("start", state);
        }

        if (products.Count > 0 && (ContainsAny(text, RemoveWords) || RemovePhrase().IsMatch(text)))
        {
            await ChangeLineAsync(context, products[0], 0);
            return Wait("start", state with { LastSku = products[0] });
        }

        if (products.Count > 0 && quantity is { } changed && ContainsAny(text, ChangeWords) && basket.Lines.Any(l => l.Sku == products[0]))
        {
            await ChangeLineAsync(context, products[0], changed);
            return Wait("start", state with { LastSku = products[0] });
        }

        switch (intent)
        {
            case "order_status":
                context.Say(await orderReplies.RecentAsync(input.Event.Conversation, locale, basket, cancellationToken));
                return Wait("start", state);
            case "view_cart":
                context.Say(await shop.BasketAsync(locale, basket, cancellationToken));
                return Wait("start", state);
            case "checkout":
                return Call(CheckoutFlow.FlowId, null, "back", state);
            case "add_to_cart" when (products.Count > 0 ? products[0] : state.LastSku) is { } sku:
                return Call(AddToBasketFlow.FlowId, AddToBasketFlow.Arguments(sku, quantity ?? 1, size), "back", state with { LastSku = sku });
            case "add_to_cart":
                context.Say(shop.Carousel(locale, shop.Texts.Get(locale, "catalog.which_product"), await catalog.ProductsAsync(null, ShopReplies.CarouselSize, cancellationToken), basket));
                return Wait("start", state);
            case "product_info" when products.Count == 0 && state.LastSku is { } inContext && await catalog.FindAsync(inContext, cancellationToken) is { Active: true } product:
                context.Say(Answer(locale, question, product, basket));
                return Wait("start", state);
        }

        if (products.Count == 1 && await catalog.FindAsync(products[0], cancellationToken) is { Active: true } one)
        {
            // The card shows the picture, price and stock; a specific question also gets its answer in words.
            context.Say(shop.Carousel(locale, one.Name(locale), [one], basket));
            if (question.Any)
            {
                context.Say(Answer(locale, question, one, basket));
            }

            return Wait("start", state with { LastSku = one.Sku });
        }

        if (products.Count > 1)
        {
            var bySku = await catalog.FindManyAsync(products.Take(ShopReplies.CarouselSize), cancellationToken);
            var found = products.Where(bySku.ContainsKey).Select(sku => bySku[sku]).Where(p => p.Active).ToList();

            context.Say(shop.Carousel(locale, shop.Texts.Get(locale, "catalog.found"), found, basket));
            return Wait("start", state);
        }

        var typed = input.Event.Kind == InboundEventKind.Message && input.Event.ContentType == MessageContentType.Text;
        var unsure = intent is "unknown" or "product_info" or "browse" || understanding.IntentConfidence < CatalogGuessBelow;
        if (typed && unsure && await CatalogGuessAsync(context) is { } guess)
        {
            // Before "not understood" or a generic list: words of the catalog (a category, a word of a
            // product's name or description the understanding does not know, "ขมิ้น", "spf50").
            context.Say(guess.Reply);
            return Wait("start", state with { LastSku = guess.Sku ?? state.LastSku });
        }

        if (intent == "unknown" && typed)
        {
            return await NotUnderstoodAsync(context, state with { Misunderstood = context.State.Misunderstood + 1 });
        }

        var texts = shop.Texts;
        var reply = intent switch
        {
            "browse" => shop.Carousel(locale, texts.Get(locale, "catalog.featured"), await catalog.ProductsAsync(null, ShopReplies.CarouselSize, cancellationToken), basket),
            "product_info" => shop.Carousel(locale, texts.Get(locale, "catalog.which_product"), await catalog.ProductsAsync(null, ShopReplies.CarouselSize, cancellationToken), basket),
            "thanks" => shop.WithMenu(new TextReply(texts.Get(locale, "thanks.reply")), locale, basket),
            "promotion" => shop.WithMenu(new TextReply(await PromotionsAsync(locale, cancellationToken)), locale, basket),
            "payment" => shop.WithMenu(new TextReply(texts.Get(locale, "payment.info",
                ("methods", string.Join(", ", (await payments.AvailableAsync(cancellationToken)).Select(m => paymentReplies.MethodName(locale, m)))))), locale, basket),
            "complaint" => new TextReply(texts.Get(locale, "complaint.sorry"))
            {
                QuickReplies = [new ReplyAction(texts.Get(locale, "engine.talk_to_staff"), DialogEngine.TalkToStaffPayload), new ReplyAction(texts.Get(locale, "orders.my_orders"), "orders:list")],
            },
            _ => null,
        };
        if (reply is null)
        {
            await GreetAsync(context);
        }
        else
        {
            context.Say(reply);
        }

        return Wait("start", state);
    }

    /// <summary>
    /// The catalog's answer to a message nothing else understood: a category it names, or the
    /// products whose name or description holds one of its words (of 4 letters or more; Thai,
    /// written without spaces, matches as the whole message with its polite ending taken off).
    /// </summary>
    private async Task<(OutboundMessage Reply, string? Sku)?> CatalogGuessAsync(StepContext<WelcomeState> context)
    {
        var locale = context.Locale;
        var text = CatalogWords.Trim(context.Text);
        if (text.Length < 2 || text.Length > 60)
        {
            return null;
        }

        var words = CatalogWords.Of(text);
        if (words.Count == 0)
        {
            return null;
        }

        foreach (var category in await catalog.CategoriesAsync(context.CancellationToken))
        {
            var names = CatalogWords.Names(category.NameTh, category.NameEn).ToList();
            if (names.Any(name => words.Contains(name) || (name.Length >= 4 && text.Contains(name, StringComparison.OrdinalIgnoreCase)))
                || words.Any(w => w.Length >= 3 && w[0] > 'z' && names.Any(name => name.Contains(w, StringComparison.Ordinal))))
            {
                return (await CategoryAsync(locale, category.Id, context.Basket, context.CancellationToken), null);
            }
        }

        var matches = (await catalog.ProductsAsync(null, 500, context.CancellationToken))
            .Where(p => p.Active)
            .Select(p => (Product: p, Score: CatalogWords.Score(words, p)))
            .Where(m => m.Score > 0)
            .OrderByDescending(m => m.Score)
            .Take(ShopReplies.CarouselSize)
            .ToList();
        if (matches.Count == 0)
        {
            return null;
        }

        var found = matches.Select(m => m.Product).ToList();
        return (shop.Carousel(locale, found.Count == 1 ? found[0].Name(locale) : shop.Texts.Get(locale, "catalog.found"), found, context.Basket), found.Count == 1 ? found[0].Sku : null);
    }

    /// <summary>
    /// A polite "I did not get that" with suggestions; the third in a row hands the conversation to
    /// a person (or, with <c>ChatCommerce:Staff:HandOffAfterMisunderstandings</c> off, offers one).
    /// </summary>
    private async ValueTask<StepResult<WelcomeState>> NotUnderstoodAsync(StepContext<WelcomeState> context, WelcomeState state)
    {
        var locale = context.Locale;
        var texts = shop.Texts;
        var staff = new ReplyAction(texts.Get(locale, "engine.talk_to_staff"), DialogEngine.TalkToStaffPayload);
        if (state.Misunderstood >= DialogEngine.MaxAttempts && handoff.Value.HandOffAfterMisunderstandings)
        {
            await queue.RequestAsync(context.Input.Event.Conversation, "misunderstood", context.Text, context.CancellationToken);
            context.Replies.HandToStaff = true;
            context.Say(new TextReply(texts.Get(locale, "engine.handed_misunderstood")));
            return Wait("start", state with { Misunderstood = 0 });
        }

        if (state.Misunderstood >= DialogEngine.MaxAttempts)
        {
            var offer = shop.WithMenu(new TextReply(texts.Get(locale, "engine.offer_staff")), locale, context.Basket);
            context.Say(offer with { QuickReplies = [staff, .. offer.QuickReplies] });
            return Wait("start", state with { Misunderstood = 0 });
        }

        var reply = shop.WithMenu(new TextReply(texts.Get(locale, "fallback.not_understood")), locale, context.Basket);
        context.Say(reply with { QuickReplies = [.. reply.QuickReplies, new ReplyAction(texts.Get(locale, "fallback.help"), Interrupts.MenuInterrupt.Payload)] });
        return Wait("start", state);
    }

    /// <summary>The promotions running now for this shopper, with when they end.</summary>
    private async Task<string> PromotionsAsync(string locale, CancellationToken cancellationToken)
    {
        var lines = (await shop.RunningPromotionsAsync(cancellationToken))
            .Select(p => "• " + p.DisplayName(locale) + (p.EndsAt is { } end ? " " + shop.Texts.Get(locale, "promotion.until", ("time", shop.Time(locale, end))) : ""))
            .ToList();
        return lines.Count == 0
            ? shop.Texts.Get(locale, "promotion.none")
            : shop.Texts.Get(locale, "promotion.title") + "\n" + string.Join('\n', lines);
    }

    /// <summary>"How much?", "in stock?", "which sizes?" about one product: the part asked, or all of it.</summary>
    private OutboundMessage Answer(string locale, ProductQuestion question, Product product, Basket basket)
    {
        var texts = shop.Texts;
        var name = ("name", product.Name(locale));
        var parts = new List<string>();
        if (question.Price)
        {
            parts.Add(texts.Get(locale, "catalog.price_is", name, ("price", product.Price.ToDisplay())));
        }

        if (question.Stock)
        {
            parts.Add(product.InStock
                ? texts.Get(locale, "catalog.stock_is", name, ("stock", ShopReplies.Number(product.Stock)))
                : texts.Get(locale, "catalog.stock_none", name) + (shop.BackOn(locale, product) is { } back ? " " + back : ""));
        }

        if (question.Sizes)
        {
            parts.Add(product.Sizes.Count > 0
                ? texts.Get(locale, "catalog.sizes_are", name, ("sizes", string.Join(", ", product.Sizes)))
                : texts.Get(locale, "catalog.one_size", name));
        }

        if (parts.Count == 0)
        {
            return shop.Details(locale, product, basket);
        }

        var reply = shop.WithMenu(new TextReply(string.Join('\n', parts)), locale, basket);
        return product.InStock
            ? reply with { QuickReplies = [new ReplyAction(texts.Get(locale, "catalog.add"), "add:" + product.Sku), .. reply.QuickReplies] }
            : reply;
    }

    /// <summary>"เอาชาไทยออก": take (something) out.</summary>
    [System.Text.RegularExpressions.GeneratedRegex("เอา.+ออก")]
    private static partial System.Text.RegularExpressions.Regex RemovePhrase();

    /// <summary>What a message asks about a product: its price, its stock, its sizes (a size named in a question counts).</summary>
    private sealed record ProductQuestion(bool Price, bool Stock, bool Sizes)
    {
        public bool Any => Price || Stock || Sizes;

        public static ProductQuestion Of(string text, MessageUnderstanding understanding) => new(
            ContainsAny(text, PriceWords),
            ContainsAny(text, StockWords),
            ContainsAny(text, SizeWords) || (understanding.Intent == "product_info" && understanding.Entities.Any(e => e.Type == "size")));
    }

    private async Task ChangeLineAsync(StepContext<WelcomeState> context, string skuOrKey, int quantity)
    {
        var locale = context.Locale;
        var basket = context.Basket;
        var line = basket.Lines.FirstOrDefault(l => l.Key == skuOrKey) ?? basket.Lines.FirstOrDefault(l => l.Sku == skuOrKey);
        var product = await catalog.FindAsync(line?.Sku ?? skuOrKey.Split('/')[0], context.CancellationToken);
        var name = ("name", product?.Name(locale) ?? skuOrKey);
        if (line is null)
        {
            context.Say(await shop.BasketAsync(locale, basket, context.CancellationToken, shop.Texts.Get(locale, "basket.not_in_basket", name)));
            return;
        }

        if (quantity > 0 && product is not null && quantity > product.Stock)
        {
            context.Say(await shop.BasketAsync(locale, basket, context.CancellationToken, shop.Texts.Get(locale, "basket.not_enough", name, ("stock", ShopReplies.Number(product.Stock)))));
            return;
        }

        context.Basket = basket.SetQuantity(line.Key, quantity);
        var headline = quantity == 0
            ? shop.Texts.Get(locale, "basket.removed", name, ("size", ShopReplies.SizeText(line.Size)))
            : shop.Texts.Get(locale, "basket.changed", name, ("size", ShopReplies.SizeText(line.Size)), ("quantity", ShopReplies.Number(quantity)));
        context.Say(await shop.BasketAsync(locale, context.Basket, context.CancellationToken, headline));
    }

    /// <summary>A confirm or edit button from a checkout that is over: the order it placed, or a polite "expired".</summary>
    private async Task<OutboundMessage> StaleCheckoutAsync(StepContext<WelcomeState> context, string checkoutId)
    {
        var locale = context.Locale;
        var order = await orders.FindByKeyAsync(CheckoutFlow.IdempotencyKey(context.Input.Event.Conversation, checkoutId), context.CancellationToken);
        var text = order is null
            ? shop.Texts.Get(locale, "checkout.stale")
            : shop.Texts.Get(locale, "checkout.already_placed", ("number", order.Number));
        return shop.WithMenu(new TextReply(text), locale, context.Basket);
    }

    /// <summary>Products named in a shopping message (not in a complaint or a thank-you).</summary>
    private static List<string> NamedProducts(TurnInput input) =>
        input.Understanding.Intent is "complaint" or "thanks" or "cancel" or "human_agent" or "order_status" or "payment"
            ? []
            : input.Understanding.Entities.Where(e => e.Type == "product").Select(e => e.Value).Distinct().ToList();

    private static string TextOf(TurnInput input) => (input.Event.Text ?? "").ToLowerInvariant();

    private static bool ContainsAny(string text, string[] words) => words.Any(w => text.Contains(w, StringComparison.Ordinal));

    /// <summary>
    /// The greeting. A customer who has ordered is welcomed back by name (and tier), offered their
    /// last basket again and picks of their own; the first time, they are asked for marketing
    /// consent (once: an unanswered question is not asked again).
    /// </summary>
    private async Task GreetAsync(StepContext<WelcomeState> context)
    {
        var input = context.Input;
        var locale = context.Locale;
        var oneToOne = input.Event.IsOneToOne;
        var greetable = input.Event.Kind == InboundEventKind.Postback
            || (input.Event.Kind == InboundEventKind.Message && input.Event.ContentType is MessageContentType.Text or MessageContentType.Sticker);
        // The turn's load already said whether the customer has bought: only a buyer costs a query.
        var glance = greetable && oneToOne && input.Contact is { CustomerId: { } id, CustomerOrders: > 0 } ? await customers.GlanceAsync(id, context.CancellationToken) : null;
        if (glance is not { OrderCount: > 0 })
        {
            context.Say(Greeting(input, locale, context.Basket));
            return;
        }

        var texts = shop.Texts;
        var name = input.Contact?.DisplayName ?? glance.DisplayName;
        var addressed = string.IsNullOrWhiteSpace(name) ? "" : locale == "th" ? " " + Honorifics.ThaiAddress(name) : ", " + name.Trim();
        var tier = glance.Tier is { Length: > 0 } t ? texts.Get(locale, "welcome.tier", ("tier", char.ToUpperInvariant(t[0]) + t[1..])) : "";
        var welcome = shop.WithMenu(new TextReply(texts.Get(locale, "welcome.returning", ("name", addressed), ("tier", tier))), locale, context.Basket);
        List<ReplyAction> offers = [new(texts.Get(locale, "welcome.for_you"), "menu:for-you")];
        if (glance.LastOrderNumber is { } last)
        {
            offers.Insert(0, new(texts.Get(locale, "welcome.buy_again", ("order", last)), "again:" + last));
        }

        welcome = welcome with { QuickReplies = [.. offers, .. welcome.QuickReplies] };
        context.Say(welcome);
        if (glance.Consent is null)
        {
            // LINE shows only the last message's quick replies: the question carries the offers too.
            var question = texts.Get(locale, "consent.ask");
            await customers.RecordConsentAsync(glance.Id, ConsentStatuses.Asked, input.Event.Channel.Name(), question, context.CancellationToken);
            context.Say(new TextReply(question)
            {
                QuickReplies =
                [
                    new(texts.Get(locale, "consent.yes"), Interrupts.ConsentInterrupt.YesPayload),
                    new(texts.Get(locale, "consent.no"), Interrupts.ConsentInterrupt.NoPayload),
                    .. welcome.QuickReplies,
                ],
            });
        }
    }

    /// <summary>The lines of a past order of this customer back in the basket, as far as stock allows.</summary>
    private async Task BuyAgainAsync(StepContext<WelcomeState> context, string number)
    {
        var locale = context.Locale;
        var texts = shop.Texts;
        var cancellationToken = context.CancellationToken;
        if (context.Input.Contact?.CustomerId is not { } customer
            || !await customers.OwnsOrderAsync(customer, number, cancellationToken)
            || await orders.GetAsync(number, cancellationToken) is not { } order)
        {
            context.Say(shop.WithMenu(new TextReply(texts.Get(locale, "again.unknown")), locale, context.Basket));
            return;
        }

        var products = await catalog.FindManyAsync(order.Lines.Select(l => l.Sku), cancellationToken);
        var basket = context.Basket;
        var missing = new List<string>();
        foreach (var line in order.Lines)
        {
            var product = products.GetValueOrDefault(line.Sku);
            var sizeOk = line.Size is null || product?.Sizes.Contains(line.Size) == true;
            if (product is { Active: true } && product.Stock >= line.Quantity && sizeOk && basket.Lines.Count < Basket.MaxLines)
            {
                basket = basket.Add(line.Sku, line.Quantity, line.Size);
            }
            else
            {
                missing.Add(product?.Name(locale) ?? line.Name);
            }
        }

        if (missing.Count == order.Lines.Count)
        {
            var none = shop.WithMenu(new TextReply(texts.Get(locale, "again.none", ("order", number))), locale, context.Basket);
            context.Say(none with { QuickReplies = [new(texts.Get(locale, "welcome.for_you"), "menu:for-you"), .. none.QuickReplies] });
            return;
        }

        context.Basket = basket;
        var headline = missing.Count == 0
            ? texts.Get(locale, "again.added", ("order", number))
            : texts.Get(locale, "again.partly", ("order", number), ("missing", string.Join(", ", missing)));
        context.Say(await shop.BasketAsync(locale, basket, cancellationToken, headline));
    }

    /// <summary>Products picked for this customer (in stock), else the shop's featured ones.</summary>
    private async Task<OutboundMessage> PicksAsync(StepContext<WelcomeState> context)
    {
        var locale = context.Locale;
        var cancellationToken = context.CancellationToken;
        if (context.Input.Contact?.CustomerId is { } customer
            && await customers.RecommendedSkusAsync(customer, ShopReplies.CarouselSize, cancellationToken) is { Count: > 0 } skus)
        {
            var found = await catalog.FindManyAsync(skus, cancellationToken);
            var picks = skus.Where(found.ContainsKey).Select(s => found[s]).Where(p => p.Active && p.InStock).ToList();
            if (picks.Count > 0)
            {
                return shop.Carousel(locale, shop.Texts.Get(locale, "recommend.title"), picks, context.Basket);
            }
        }

        return shop.Carousel(locale, shop.Texts.Get(locale, "catalog.featured"), await catalog.ProductsAsync(null, ShopReplies.CarouselSize, cancellationToken), context.Basket);
    }

    private OutboundMessage Greeting(TurnInput input, string locale, Basket basket)
    {
        var texts = shop.Texts;
        var name = input.Contact?.DisplayName;
        var text = input.Event.Kind == InboundEventKind.Follow ? texts.Get(locale, "welcome.followed")
            : input.Event.Kind == InboundEventKind.Message && input.Event.ContentType is not (MessageContentType.Text or MessageContentType.Sticker)
                ? texts.Get(locale, "unsupported.media")
            : string.IsNullOrWhiteSpace(name) ? texts.Get(locale, "welcome.greeting")
            : texts.Get(locale, "welcome.greeting.named", ("name", locale == "th" ? Honorifics.ThaiAddress(name) : name.Trim()));
        return shop.WithMenu(new TextReply(text), locale, basket);
    }

    private async Task<OutboundMessage> CategoriesAsync(string locale, CancellationToken cancellationToken)
    {
        var categories = await catalog.CategoriesAsync(cancellationToken);
        var actions = categories.Take(12)
            .Select(c => new ReplyAction(locale == "en" ? c.NameEn : c.NameTh, "cat:" + c.Id))
            .ToList();
        return new TextReply(shop.Texts.Get(locale, "menu.pick_category")) { QuickReplies = actions };
    }

    private async Task<OutboundMessage> CategoryAsync(string locale, string categoryId, Basket basket, CancellationToken cancellationToken)
    {
        var category = (await catalog.CategoriesAsync(cancellationToken)).FirstOrDefault(c => c.Id == categoryId);
        if (category is null)
        {
            return shop.WithMenu(new TextReply(shop.Texts.Get(locale, "catalog.empty")), locale, basket);
        }

        var title = shop.Texts.Get(locale, "catalog.in_category", ("category", locale == "en" ? category.NameEn : category.NameTh));
        return shop.Carousel(locale, title, await catalog.ProductsAsync(category.Id, ShopReplies.CarouselSize, cancellationToken), basket);
    }
}

/// <summary>Words of a message looked up in the catalog's names and descriptions.</summary>
internal static class CatalogWords
{
    /// <summary>Question words at the end of a product question, taken off with the polite endings.</summary>
    private static readonly string[] QuestionEndings = ["ไหม", "มั้ย", "บ้าง", "มีไหม", "มี"];

    private static readonly string[] Starts = ["อยากได้", "มีขาย", "ขอดู", "หา", "มี", "ขอ"];

    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "have", "with", "what", "that", "this", "your", "some", "like", "want", "need", "please", "there", "about", "from", "does", "good", "thanks", "hello",
    };

    /// <summary>The message without its polite ending or question word ("ลินินมีไหมคะ" → "ลินิน").</summary>
    public static string Trim(string text)
    {
        var trimmed = Domain.Text.PoliteEndings.Trim(text.Trim().TrimEnd('?', '!', '.', ' ').ToLowerInvariant(), QuestionEndings);
        foreach (var start in Starts)
        {
            if (trimmed.Length > start.Length + 1 && trimmed.StartsWith(start, StringComparison.Ordinal))
            {
                trimmed = trimmed[start.Length..].TrimStart();
                break;
            }
        }

        return trimmed;
    }

    /// <summary>Its words worth looking up: English words of 4 letters or more, and each Thai run whole (3 letters or more).</summary>
    public static HashSet<string> Of(string text) =>
        [.. text.Split([' ', ',', '.', '?', '!', '/', '-'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => !Common.Contains(w) && (w.Any(c => c is >= '\u0E01' and <= '\u0E5B') ? w.Length >= 3 : w.Length >= 4))];

    public static IEnumerable<string> Names(params string[] names) =>
        names.SelectMany(n => n.ToLowerInvariant().Split([' ', '&', ','], StringSplitOptions.RemoveEmptyEntries).Append(n.ToLowerInvariant())).Where(n => n.Length >= 3 && n != "และ");

    /// <summary>
    /// 2 for each word in the product's name, 1 for each in its description. The words are lower
    /// case and hold no space, so each of the product's texts is searched as it is, ignoring case:
    /// nothing is copied for each product of the catalog on each message.
    /// </summary>
    public static int Score(HashSet<string> words, Product product)
    {
        var score = 0;
        foreach (var w in words)
        {
            score += In(product.NameTh, w) || In(product.NameEn, w) ? 2 : In(product.DescriptionTh, w) || In(product.DescriptionEn, w) ? 1 : 0;
        }

        return score;
    }

    private static bool In(string text, string word) => text.Contains(word, StringComparison.OrdinalIgnoreCase);
}
