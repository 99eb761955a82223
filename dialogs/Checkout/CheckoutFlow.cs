using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using ChatCommerce.Conversations.Engine;
using ChatCommerce.Dialogs.Payments;
using ChatCommerce.Dialogs.Shopping;
using ChatCommerce.Domain.Catalog;
using ChatCommerce.Domain.Orders;
using ChatCommerce.Domain.Payments;
using ChatCommerce.Domain.Replies;

namespace ChatCommerce.Dialogs.Checkout;

public sealed record CheckoutState(
    string Id,
    string? Name = null,
    string? Phone = null,
    string? Address = null,
    string? Postcode = null,
    string? Shipping = null,
    string? Payment = null,
    long? QuotedTotal = null,
    long? QuotedAtMs = null,
    IReadOnlyList<string>? QuotedPromotions = null);

/// <summary>
/// Checkout: recipient name, phone, address with a valid Thai postcode (or the details of the
/// last order), shipping method with its fee for this basket, payment (the methods the shop
/// takes; cash on delivery within its limits and with its fee), a summary with lead time, then one
/// confirm, after which the shopper is shown how to pay. Placing is idempotent: the confirm button
/// carries the checkout's id, and tapping it twice finds the first order.
/// </summary>
public sealed class CheckoutFlow(ShopReplies shop, IOrderStore orders, PaymentDesk payments, PaymentReplies paymentReplies, TimeProvider clock) : Flow<CheckoutState>
{
    public const string FlowId = "checkout";
    public const string ConfirmPrefix = "checkout:confirm:";
    public const string EditPrefix = "checkout:edit:";

    public override string Id => FlowId;

    protected override JsonTypeInfo<CheckoutState> StateJson => DialogJson.Default.CheckoutState;

    protected override string FirstStep => "start";

    /// <summary>The key an order placed by this checkout is stored under.</summary>
    public static string IdempotencyKey(Domain.Messaging.ConversationKey conversation, string checkoutId) => $"{conversation}:{checkoutId}";

    protected override CheckoutState Start(string? arguments) => new(Guid.NewGuid().ToString("N")[..12]);

    protected override IReadOnlyDictionary<string, Func<StepContext<CheckoutState>, ValueTask<StepResult<CheckoutState>>>> DefineSteps() =>
        new Dictionary<string, Func<StepContext<CheckoutState>, ValueTask<StepResult<CheckoutState>>>>
        {
            ["start"] = StartAsync,
            ["reuse"] = Reuse,
            ["ask-name"] = c => Ask(c, "checkout.ask_name", "name", NameSuggestions(c)),
            ["name"] = Name,
            ["ask-phone"] = c => Ask(c, "checkout.ask_phone", "phone"),
            ["phone"] = Phone,
            ["ask-address"] = c => Ask(c, "checkout.ask_address", "address"),
            ["address"] = Address,
            ["ask-shipping"] = AskShippingAsync,
            ["shipping"] = ShippingAsync,
            ["ask-payment"] = AskPaymentAsync,
            ["payment"] = PaymentAsync,
            ["summary"] = SummaryAsync,
            ["confirm"] = ConfirmAsync,
        };

    private async ValueTask<StepResult<CheckoutState>> StartAsync(StepContext<CheckoutState> context)
    {
        if (context.Basket.IsEmpty)
        {
            context.Say(shop.WithMenu(new TextReply(shop.Texts.Get(context.Locale, "checkout.empty")), context.Locale, context.Basket));
            return End();
        }

        var conversation = context.Input.Event.Conversation;
        var last = await orders.LastDeliveryAsync(conversation.ChannelName, conversation.ChatId, context.CancellationToken);
        if (last is null)
        {
            return Goto("ask-name", context.State);
        }

        var state = context.State with { Name = last.CustomerName, Phone = last.Phone, Address = last.Address, Postcode = last.Postcode };
        SayReuse(context, state);
        return Wait("reuse", state);
    }

    private ValueTask<StepResult<CheckoutState>> Reuse(StepContext<CheckoutState> context)
    {
        var answer = Prompts.Confirm(context, "checkout:reuse", "checkout:new");
        if (answer is null)
        {
            SayReuse(context, context.State);
            return ValueTask.FromResult(Retry(context.State));
        }

        return ValueTask.FromResult(answer.Value
            ? Goto("ask-shipping", context.State)
            : Goto("ask-name", context.State with { Name = null, Phone = null, Address = null, Postcode = null }));
    }

    private void SayReuse(StepContext<CheckoutState> context, CheckoutState state)
    {
        var locale = context.Locale;
        context.Say(new TextReply(shop.Texts.Get(locale, "checkout.reuse", ("name", state.Name ?? ""), ("phone", state.Phone ?? ""), ("address", state.Address ?? "")))
        {
            QuickReplies = [new ReplyAction(shop.Texts.Get(locale, "checkout.reuse_yes"), "checkout:reuse"), new ReplyAction(shop.Texts.Get(locale, "checkout.reuse_no"), "checkout:new"), Cancel(locale)],
        });
    }

    private ValueTask<StepResult<CheckoutState>> Ask(StepContext<CheckoutState> context, string key, string next, IReadOnlyList<ReplyAction>? options = null)
    {
        context.Say(new TextReply(shop.Texts.Get(context.Locale, key)) { QuickReplies = [.. options ?? [], Cancel(context.Locale)] });
        return ValueTask.FromResult(Wait(next, context.State));
    }

    private static List<ReplyAction> NameSuggestions(StepContext<CheckoutState> context) =>
        context.Input.Contact?.DisplayName is { Length: >= 2 and <= 20 } name ? [new ReplyAction(name, "name:" + name)] : [];

    private ValueTask<StepResult<CheckoutState>> Name(StepContext<CheckoutState> context)
    {
        var name = (context.Payload is { } p && p.StartsWith("name:", StringComparison.Ordinal) ? p[5..] : context.Text).Trim();
        if (name.Length is < 2 or > 100 || !name.Any(char.IsLetter))
        {
            return Again(context, "checkout.bad_name", NameSuggestions(context));
        }

        return ValueTask.FromResult(Goto("ask-phone", context.State with { Name = name }));
    }

    private ValueTask<StepResult<CheckoutState>> Phone(StepContext<CheckoutState> context) =>
        Prompts.Phone(context) is { } phone
            ? ValueTask.FromResult(Goto("ask-address", context.State with { Phone = phone }))
            : Again(context, "checkout.bad_phone");

    private ValueTask<StepResult<CheckoutState>> Address(StepContext<CheckoutState> context)
    {
        if (Prompts.Address(context) is { } address)
        {
            return ValueTask.FromResult(Goto("ask-shipping", context.State with { Address = address.Address, Postcode = address.Postcode }));
        }

        // A shared location: its address is used when it carries a valid postcode; otherwise the
        // shopper is asked to type the address, with the location's text as a start.
        if (Prompts.Location(context) is { } location)
        {
            var text = string.Join(' ', new[] { location.Title, location.Address }.Where(t => !string.IsNullOrWhiteSpace(t)));
            if (Prompts.AddressIn(text) is { } shared)
            {
                return ValueTask.FromResult(Goto("ask-shipping", context.State with { Address = shared.Address, Postcode = shared.Postcode }));
            }

            context.Say(new TextReply(shop.Texts.Get(context.Locale, "checkout.location_no_postcode", ("address", text))) { QuickReplies = [Cancel(context.Locale)] });
            return ValueTask.FromResult(Retry(context.State));
        }

        return Again(context, "checkout.bad_address");
    }

    private ValueTask<StepResult<CheckoutState>> Again(StepContext<CheckoutState> context, string key, IReadOnlyList<ReplyAction>? options = null)
    {
        context.Say(new TextReply(shop.Texts.Get(context.Locale, key)) { QuickReplies = [.. options ?? [], Cancel(context.Locale)] });
        return ValueTask.FromResult(Retry(context.State));
    }

    private async ValueTask<StepResult<CheckoutState>> AskShippingAsync(StepContext<CheckoutState> context)
    {
        var options = await ShippingOptionsAsync(context);
        var lines = options.Zip(shop.ShippingMethods, (o, m) => $"• {o.Label} ({Lead(m.LeadDaysMin, m.LeadDaysMax)} {shop.Texts.Get(context.Locale, "checkout.days")})");
        context.Say(new TextReply(shop.Texts.Get(context.Locale, "checkout.ask_shipping") + "\n" + string.Join('\n', lines)) { QuickReplies = [.. options, Cancel(context.Locale)] });
        return Wait("shipping", context.State);
    }

    private async ValueTask<StepResult<CheckoutState>> ShippingAsync(StepContext<CheckoutState> context)
    {
        var options = await ShippingOptionsAsync(context);
        if (Prompts.Choice(context, options) is not { } chosen)
        {
            context.Say(new TextReply(shop.Texts.Get(context.Locale, "checkout.ask_shipping")) { QuickReplies = [.. options, Cancel(context.Locale)] });
            return Retry(context.State);
        }

        return Goto("ask-payment", context.State with { Shipping = chosen["ship:".Length..] });
    }

    /// <summary>Each method with what it costs this basket (free where a promotion frees it).</summary>
    private async Task<List<ReplyAction>> ShippingOptionsAsync(StepContext<CheckoutState> context)
    {
        var options = new List<ReplyAction>();
        foreach (var m in shop.ShippingMethods)
        {
            var priced = await shop.PriceAsync(context.Basket, m.Id, context.CancellationToken);
            options.Add(new ReplyAction(
                shop.Texts.Get(context.Locale, "checkout.shipping_option", ("method", m.Name(context.Locale)), ("fee", FeeText(context.Locale, new Money(priced.Quote.ShippingSatang)))),
                "ship:" + m.Id));
        }

        return options;
    }

    /// <summary>The methods the shop takes; cash on delivery only within its limits for this basket.</summary>
    private async Task<(List<ReplyAction> Options, string? CodRule)> PaymentOptionsAsync(StepContext<CheckoutState> context)
    {
        var settings = await payments.SettingsAsync(context.CancellationToken);
        var available = settings.Available(payments.CardReady);
        var total = await TotalBeforeFeeAsync(context);
        var options = available
            .Where(m => m != PaymentMethods.CashOnDelivery || settings.Cod.Allows(total))
            .Select(m => new ReplyAction(paymentReplies.MethodLabel(context.Locale, m), "pay:" + m))
            .ToList();
        var rule = available.Contains(PaymentMethods.CashOnDelivery) && !settings.Cod.Allows(total) ? CodRange(context.Locale, settings.Cod) : null;
        return (options, rule);
    }

    private async ValueTask<StepResult<CheckoutState>> AskPaymentAsync(StepContext<CheckoutState> context)
    {
        var (options, codRule) = await PaymentOptionsAsync(context);
        var text = shop.Texts.Get(context.Locale, "checkout.ask_payment");
        if (codRule is not null)
        {
            text += "\n" + shop.Texts.Get(context.Locale, "checkout.cod_not_allowed", ("range", codRule));
        }

        context.Say(new TextReply(text) { QuickReplies = [.. options, Cancel(context.Locale)] });
        return Wait("payment", context.State);
    }

    private async ValueTask<StepResult<CheckoutState>> PaymentAsync(StepContext<CheckoutState> context)
    {
        var (options, codRule) = await PaymentOptionsAsync(context);
        if (Prompts.Choice(context, options) is { } chosen)
        {
            return Goto("summary", context.State with { Payment = chosen["pay:".Length..] });
        }

        // Cash on delivery asked for (typed, or a button from before the basket grew) beyond the shop's limits.
        var askedCod = context.Payload == "pay:" + PaymentMethods.CashOnDelivery
            || string.Equals(context.Text.Trim(), paymentReplies.MethodLabel(context.Locale, PaymentMethods.CashOnDelivery), StringComparison.OrdinalIgnoreCase);
        var key = askedCod && codRule is not null ? "checkout.cod_not_allowed" : "checkout.ask_payment";
        context.Say(new TextReply(shop.Texts.Get(context.Locale, key, ("range", codRule ?? ""))) { QuickReplies = [.. options, Cancel(context.Locale)] });
        return Retry(context.State);
    }

    private string CodRange(string locale, CashOnDeliveryRules cod) => (cod.MinSatang, cod.MaxSatang) switch
    {
        ( > 0, { } max) => shop.Texts.Get(locale, "checkout.cod_range_both", ("min", new Money(cod.MinSatang).ToDisplay()), ("max", new Money(max).ToDisplay())),
        ( > 0, null) => shop.Texts.Get(locale, "checkout.cod_range_min", ("min", new Money(cod.MinSatang).ToDisplay())),
        (_, { } max) => shop.Texts.Get(locale, "checkout.cod_range_max", ("max", new Money(max).ToDisplay())),
        _ => "",
    };

    /// <summary>Items and shipping of the basket as it stands: what cash on delivery's limits apply to.</summary>
    private async Task<long> TotalBeforeFeeAsync(StepContext<CheckoutState> context) =>
        (await shop.PriceAsync(context.Basket, Method(context.State).Id, context.CancellationToken)).Quote.TotalSatang;

    private async Task<long> PaymentFeeAsync(CheckoutState state, CancellationToken cancellationToken) =>
        state.Payment == PaymentMethods.CashOnDelivery ? (await payments.SettingsAsync(cancellationToken)).Cod.FeeSatang : 0;

    private async ValueTask<StepResult<CheckoutState>> SummaryAsync(StepContext<CheckoutState> context)
    {
        if (context.Basket.IsEmpty)
        {
            context.Say(shop.WithMenu(new TextReply(shop.Texts.Get(context.Locale, "checkout.empty")), context.Locale, context.Basket));
            return End();
        }

        var locale = context.Locale;
        var state = context.State;
        var method = Method(state);
        var now = clock.GetUtcNow();
        var priced = await shop.PriceAsync(context.Basket, method.Id, context.CancellationToken, now);
        var quote = priced.Quote;
        var fee = new Money(quote.ShippingSatang);
        var paymentFee = new Money(await PaymentFeeAsync(state, context.CancellationToken));
        var payment = paymentReplies.MethodLabel(locale, state.Payment ?? "");
        var discounts = string.Concat(quote.Applied.Where(a => a.Promotion.Kind != Domain.Promotions.PromotionKinds.FreeShipping)
            .Select(a => "\n" + shop.Texts.Get(locale, "checkout.summary_discount", ("name", a.Promotion.DisplayName(locale)), ("amount", new Money(a.DiscountSatang).ToDisplay()))));
        var total = quote.TotalSatang + paymentFee.Satang;
        var text = shop.Texts.Get(locale, "checkout.summary",
            ("lines", string.Join('\n', context.Basket.Lines.Select(l => shop.LineText(locale, l, priced)))),
            ("subtotal", new Money(quote.SubtotalSatang).ToDisplay()),
            ("discounts", discounts),
            ("method", method.Name(locale)),
            ("fee", FeeText(locale, fee) + (paymentFee.Satang > 0 ? "\n" + shop.Texts.Get(locale, "checkout.summary_fee", ("payment", payment), ("fee", paymentFee.ToDisplay())) : "")),
            ("total", new Money(total).ToDisplay()),
            ("payment", payment),
            ("name", state.Name ?? ""),
            ("phone", state.Phone ?? ""),
            ("address", state.Address ?? ""),
            ("lead", Lead(method.LeadDaysMin, method.LeadDaysMax)));
        // What the shopper confirms is this price: the order is placed at it or not at all.
        state = state with { QuotedTotal = total, QuotedAtMs = now.ToUnixTimeMilliseconds(), QuotedPromotions = quote.PromotionIds };
        context.Say(new TextReply(text) { QuickReplies = ConfirmOptions(locale, state.Id) });
        return Wait("confirm", state);
    }

    private List<ReplyAction> ConfirmOptions(string locale, string id) =>
        [new ReplyAction(shop.Texts.Get(locale, "checkout.confirm"), ConfirmPrefix + id), new ReplyAction(shop.Texts.Get(locale, "checkout.edit"), EditPrefix + id), Cancel(locale)];

    private async ValueTask<StepResult<CheckoutState>> ConfirmAsync(StepContext<CheckoutState> context)
    {
        var locale = context.Locale;
        var state = context.State;
        if (context.Payload == EditPrefix + state.Id)
        {
            return Goto("ask-name", state with { Name = null, Phone = null, Address = null, Postcode = null });
        }

        if (Prompts.Confirm(context, ConfirmPrefix + state.Id, "checkout:no") != true)
        {
            context.Say(new TextReply(shop.Texts.Get(locale, "checkout.ask_confirm")) { QuickReplies = ConfirmOptions(locale, state.Id) });
            return Retry(state);
        }

        // The method must still be on offer (settings or the basket's total may have changed since it was chosen).
        var (options, _) = await PaymentOptionsAsync(context);
        if (!options.Any(o => o.Payload == "pay:" + state.Payment))
        {
            return Goto("ask-payment", state with { Payment = null });
        }

        var conversation = context.Input.Event.Conversation;
        var deadline = (await payments.SettingsAsync(context.CancellationToken)).Deadline;
        var draft = new OrderDraft(
            IdempotencyKey(conversation, state.Id), conversation.ChannelName, conversation.ChatId, locale,
            state.Name ?? "", state.Phone ?? "", state.Address ?? "", state.Postcode ?? "", Method(state).Id, state.Payment!, context.Basket.Lines)
        {
            PaymentFeeSatang = await PaymentFeeAsync(state, context.CancellationToken),
            PaymentDueAt = clock.GetUtcNow() + deadline,
            Codes = context.Basket.Codes,
            ExpectedTotalSatang = state.QuotedTotal,
            PricedAt = state.QuotedAtMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null,
            PricedPromotions = state.QuotedPromotions ?? [],
        };
        switch (await orders.PlaceAsync(draft, Method(state), context.CancellationToken))
        {
            case PlaceOrderResult.Placed placed when placed.Order.PaymentMethod == PaymentMethods.CashOnDelivery:
                context.Basket = Basket.Empty;
                context.Say(shop.WithMenu(new TextReply(Placed(locale, placed.Order)), locale, context.Basket));
                break;
            case PlaceOrderResult.Placed placed:
                context.Basket = Basket.Empty;
                context.Say(new TextReply(Placed(locale, placed.Order)));
                var howToPay = await payments.OfferAsync(placed.Order, placed.Order.PaymentMethod, context.CancellationToken);
                foreach (var message in howToPay)
                {
                    context.Say(message);
                }

                break;
            case PlaceOrderResult.AlreadyPlaced earlier:
                context.Basket = Basket.Empty;
                context.Say(shop.WithMenu(new TextReply(shop.Texts.Get(locale, "checkout.already_placed", ("number", earlier.Order.Number))), locale, context.Basket));
                break;
            case PlaceOrderResult.PriceChanged:
                // Nothing was placed: the shopper sees the new price and confirms again.
                context.Say(new TextReply(shop.Texts.Get(locale, "checkout.price_changed")));
                return Goto("summary", state with { QuotedTotal = null, QuotedAtMs = null, QuotedPromotions = null });
            case PlaceOrderResult.OutOfStock missing:
                var products = await shop.ProductsOfAsync(context.Basket, context.CancellationToken);
                var names = string.Join(", ", missing.Skus.Select(s => products.TryGetValue(s, out var p) ? p.Name(locale) : s));
                var basket = context.Basket;
                foreach (var line in basket.Lines.Where(l => missing.Skus.Contains(l.Sku)).ToList())
                {
                    basket = basket.Remove(line.Key);
                }

                context.Basket = basket;
                context.Say(await shop.BasketAsync(locale, basket, context.CancellationToken, shop.Texts.Get(locale, "checkout.out_of_stock", ("names", names))));
                break;
            default:
                context.Say(shop.WithMenu(new TextReply(shop.Texts.Get(locale, "checkout.empty")), locale, context.Basket));
                break;
        }

        return End();
    }

    public string Placed(string locale, Order order) =>
        shop.Texts.Get(locale, order.PaymentMethod == PaymentMethods.CashOnDelivery ? "checkout.placed_cod" : "checkout.placed_pay",
            ("number", order.Number), ("total", new Money(order.TotalSatang).ToDisplay()), ("lead", Lead(order.LeadDaysMin, order.LeadDaysMax)));

    private ShippingMethod Method(CheckoutState state) =>
        shop.ShippingMethods.FirstOrDefault(m => m.Id == state.Shipping) ?? shop.ShippingMethods[0];

    private string FeeText(string locale, Money fee) => fee.Satang == 0 ? shop.Texts.Get(locale, "checkout.free") : fee.ToDisplay();

    private ReplyAction Cancel(string locale) => new(shop.Texts.Get(locale, "checkout.cancel"), Interrupts.CancelInterrupt.Payload);

    private static string Lead(int min, int max) =>
        min == max ? min.ToString(CultureInfo.InvariantCulture) : $"{min.ToString(CultureInfo.InvariantCulture)}–{max.ToString(CultureInfo.InvariantCulture)}";
}
