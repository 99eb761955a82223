using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using ChatCommerce.Conversations.Engine;
using ChatCommerce.Dialogs.Shopping;
using ChatCommerce.Domain.Catalog;
using ChatCommerce.Domain.Orders;
using ChatCommerce.Domain.Replies;

namespace ChatCommerce.Dialogs.Checkout;

public sealed record CheckoutState(
    string Id,
    string? Name = null,
    string? Phone = null,
    string? Address = null,
    string? Postcode = null,
    string? Shipping = null,
    string? Payment = null);

/// <summary>
/// Checkout: recipient name, phone, address with a valid Thai postcode (or the details of the
/// last order), shipping method with its fee for this basket, payment (cash on delivery or pay
/// later), a summary with lead time, then one confirm. Placing is idempotent: the confirm button
/// carries the checkout's id, and tapping it twice finds the first order.
/// </summary>
public sealed class CheckoutFlow(ShopReplies shop, IOrderStore orders) : Flow<CheckoutState>
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
            ["ask-payment"] = c => Ask(c, "checkout.ask_payment", "payment", PaymentOptions(c.Locale)),
            ["payment"] = Payment,
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
        var last = (await orders.ForCustomerAsync(conversation.ChannelName, conversation.ChatId, 1, context.CancellationToken)).FirstOrDefault();
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

    private async Task<List<ReplyAction>> ShippingOptionsAsync(StepContext<CheckoutState> context)
    {
        var products = await shop.ProductsOfAsync(context.Basket, context.CancellationToken);
        var subtotal = context.Basket.Subtotal(products);
        var weight = context.Basket.WeightGrams(products);
        return shop.ShippingMethods.Select(m => new ReplyAction(
            shop.Texts.Get(context.Locale, "checkout.shipping_option", ("method", m.Name(context.Locale)), ("fee", FeeText(context.Locale, m.Fee(subtotal, weight)))),
            "ship:" + m.Id)).ToList();
    }

    private List<ReplyAction> PaymentOptions(string locale) =>
        [new ReplyAction(shop.Texts.Get(locale, "checkout.pay_cod"), "pay:cod"), new ReplyAction(shop.Texts.Get(locale, "checkout.pay_later"), "pay:later")];

    private ValueTask<StepResult<CheckoutState>> Payment(StepContext<CheckoutState> context)
    {
        if (Prompts.Choice(context, PaymentOptions(context.Locale)) is not { } chosen)
        {
            return Again(context, "checkout.ask_payment", PaymentOptions(context.Locale));
        }

        return ValueTask.FromResult(Goto("summary", context.State with { Payment = chosen["pay:".Length..] }));
    }

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
        var products = await shop.ProductsOfAsync(context.Basket, context.CancellationToken);
        var subtotal = context.Basket.Subtotal(products);
        var fee = method.Fee(subtotal, context.Basket.WeightGrams(products));
        var text = shop.Texts.Get(locale, "checkout.summary",
            ("lines", string.Join('\n', context.Basket.Lines.Select(l => shop.LineText(locale, l, products)))),
            ("subtotal", subtotal.ToDisplay()),
            ("method", method.Name(locale)),
            ("fee", FeeText(locale, fee)),
            ("total", (subtotal + fee).ToDisplay()),
            ("payment", shop.Texts.Get(locale, state.Payment == "cod" ? "checkout.pay_cod" : "checkout.pay_later")),
            ("name", state.Name ?? ""),
            ("phone", state.Phone ?? ""),
            ("address", state.Address ?? ""),
            ("lead", Lead(method.LeadDaysMin, method.LeadDaysMax)));
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

        var conversation = context.Input.Event.Conversation;
        var draft = new OrderDraft(
            IdempotencyKey(conversation, state.Id), conversation.ChannelName, conversation.ChatId, locale,
            state.Name ?? "", state.Phone ?? "", state.Address ?? "", state.Postcode ?? "", Method(state).Id, state.Payment ?? "later", context.Basket.Lines);
        switch (await orders.PlaceAsync(draft, Method(state), context.CancellationToken))
        {
            case PlaceOrderResult.Placed placed:
                context.Basket = Basket.Empty;
                context.Say(shop.WithMenu(new TextReply(Placed(locale, placed.Order)), locale, context.Basket));
                break;
            case PlaceOrderResult.AlreadyPlaced earlier:
                context.Basket = Basket.Empty;
                context.Say(shop.WithMenu(new TextReply(shop.Texts.Get(locale, "checkout.already_placed", ("number", earlier.Order.Number))), locale, context.Basket));
                break;
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
        shop.Texts.Get(locale, order.PaymentMethod == "cod" ? "checkout.placed_cod" : "checkout.placed_later",
            ("number", order.Number), ("total", new Money(order.TotalSatang).ToDisplay()), ("lead", Lead(order.LeadDaysMin, order.LeadDaysMax)));

    private ShippingMethod Method(CheckoutState state) =>
        shop.ShippingMethods.FirstOrDefault(m => m.Id == state.Shipping) ?? shop.ShippingMethods[0];

    private string FeeText(string locale, Money fee) => fee.Satang == 0 ? shop.Texts.Get(locale, "checkout.free") : fee.ToDisplay();

    private ReplyAction Cancel(string locale) => new(shop.Texts.Get(locale, "checkout.cancel"), Interrupts.CancelInterrupt.Payload);

    private static string Lead(int min, int max) =>
        min == max ? min.ToString(CultureInfo.InvariantCulture) : $"{min.ToString(CultureInfo.InvariantCulture)}–{max.ToString(CultureInfo.InvariantCulture)}";
}
