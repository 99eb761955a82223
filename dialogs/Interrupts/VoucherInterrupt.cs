using ChatCommerce.Conversations.Engine;
using ChatCommerce.Conversations.Turns;
using ChatCommerce.Dialogs.Shopping;
using ChatCommerce.Domain.Catalog;
using ChatCommerce.Domain.Promotions;
using ChatCommerce.Domain.Replies;

namespace ChatCommerce.Dialogs.Interrupts;

/// <summary>
/// A voucher code typed at any point ("โค้ด SORRY50", "code SORRY50", or the code alone): kept on
/// the basket when it can apply (now or once the basket reaches its minimum), with the basket
/// showing what it takes off; a code that ended, is used up or is someone else's is refused
/// politely and not kept. Text after a code word that is no voucher is answered too; other text
/// goes on to the dialog.
/// </summary>
public sealed class VoucherInterrupt(ShopReplies shop, IPromotionStore promotions, TimeProvider clock) : IInterrupt
{
    private static readonly string[] Prefixes = ["ใช้โค้ดส่วนลด", "ใช้โค้ด", "โค้ดส่วนลด", "โค้ด", "คูปอง", "รหัสส่วนลด", "use code", "promo code", "voucher", "coupon", "code"];

    public async ValueTask<InterruptOutcome?> TryHandleAsync(TurnInput input, DialogStack stack, TurnReplies replies, CancellationToken cancellationToken)
    {
        if (input.Event.Payload is not null || input.Event.Text is not { Length: > 0 and <= 60 } text || !input.Event.IsOneToOne)
        {
            return null;
        }

        var said = text.Trim();
        var prefixed = StripPrefix(said, out var rest);
        var code = Promotion.NormalizeCode(rest);
        if (code.Length is < 4 or > 32 || (!prefixed && rest.Contains(' ', StringComparison.Ordinal)))
        {
            return null;
        }

        var locale = input.State.Locale;
        var book = await promotions.BookAsync(cancellationToken);
        var voucher = book.Voucher(code);
        if (voucher is null)
        {
            if (!prefixed)
            {
                return null;
            }

            replies.Add(shop.WithMenu(new TextReply(shop.Texts.Get(locale, "voucher.unknown", ("code", rest.Trim()))), locale, replies.Basket));
            return new InterruptOutcome(stack);
        }

        var now = clock.GetUtcNow();
        var customer = ShopReplies.CustomerOf(input.Contact);
        var basket = replies.Basket.WithCode(rest.Trim());
        var priced = await shop.PriceAsync(basket, shop.ShippingMethods[0].Id, cancellationToken, now);
        var refusal = Refusal(voucher, priced, customer, now);
        if (refusal is not null)
        {
            replies.Add(shop.WithMenu(new TextReply(shop.Texts.Get(locale, refusal, ("code", rest.Trim()))), locale, replies.Basket));
            return new InterruptOutcome(stack);
        }

        replies.Basket = basket;
        var applied = priced.Quote.Applied.FirstOrDefault(a => a.Promotion.Id == voucher.Id);
        var headline = applied is not null
            ? shop.Texts.Get(locale, "voucher.applied", ("code", rest.Trim()), ("amount", new Money(applied.DiscountSatang).ToDisplay()))
            : basket.IsEmpty
                ? shop.Texts.Get(locale, "voucher.kept", ("code", rest.Trim()))
                : shop.Texts.Get(locale, "voucher.minimum", ("code", rest.Trim()), ("minimum", new Money(voucher.Steps[0].MinSatang).ToDisplay()));
        replies.Add(basket.IsEmpty
            ? shop.WithMenu(new TextReply(headline), locale, basket)
            : await shop.BasketAsync(locale, basket, cancellationToken, headline));
        return new InterruptOutcome(stack);
    }

    /// <summary>Why the voucher cannot be used by this shopper at all (not merely not yet), or null.</summary>
    private static string? Refusal(Promotion voucher, PricedBasket priced, PricingCustomer customer, DateTimeOffset now)
    {
        if (!voucher.RunsAt(now))
        {
            return voucher.StartsAt is { } start && now < start ? "voucher.not_yet" : "voucher.ended";
        }

        if (voucher.CustomerId is { } owner && owner != customer.CustomerId)
        {
            return "voucher.not_yours";
        }

        if ((voucher.Tiers.Count > 0 && (customer.Tier is null || !voucher.Tiers.Contains(customer.Tier)))
            || (voucher.Segments.Count > 0 && (customer.Segment is null || !voucher.Segments.Contains(customer.Segment))))
        {
            return "voucher.not_yours";
        }

        var usage = priced.Request.Usage;
        return (voucher.MaxUses is { } max && usage.Total.GetValueOrDefault(voucher.Id) >= max)
            || (voucher.MaxUsesPerCustomer is { } each && usage.ByCustomer.GetValueOrDefault(voucher.Id) >= each)
            ? "voucher.used_up"
            : null;
    }

    private static bool StripPrefix(string said, out string rest)
    {
        foreach (var prefix in Prefixes)
        {
            if (said.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                rest = said[prefix.Length..].Trim(' ', ':', '-');
                return true;
            }
        }

        rest = said;
        return false;
    }
}
