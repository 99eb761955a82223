using ChatCommerce.Conversations.Outbox;
using ChatCommerce.Conversations.State;
using ChatCommerce.Dialogs.Shopping;
using ChatCommerce.Domain.Customers;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Ports;
using ChatCommerce.Domain.Promotions;
using ChatCommerce.Domain.Replies;
using ChatCommerce.Domain.Shop;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Dialogs.Promotions;

/// <summary>
/// Reminds a shopper of a basket left without an order: after a few hours, once for the same
/// basket (a change or an order is a new story), only with marketing consent, never to the
/// holdout, never while staff own the chat, only where the platform allows a message the shop
/// starts (Messenger: inside 24 hours of the shopper's last message), not in the shop's quiet
/// hours, at most once a week per customer. It goes through the outbox as a notice that goes
/// stale within hours, and shows the basket priced now (with its nudge, if any).
/// </summary>
public sealed class BasketReminders(
    IBasketActivity baskets,
    ICustomerDirectory customers,
    ConversationStateRepository states,
    Orders.OrderNotifier notifier,
    ShopReplies shop,
    IUnitOfWork unitOfWork,
    OutboxSender sender,
    IOptions<PromotionOptions> options,
    IOptions<ShopOptions> shopOptions,
    TimeProvider clock)
{
    public async Task<int> RemindDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        if (settings.IsQuiet(TimeOnly.FromTimeSpan(shopOptions.Value.Local(now).TimeOfDay)))
        {
            return 0;
        }

        var sent = 0;
        foreach (var left in await baskets.LeftAsync(now - settings.RemindAfter, now - settings.RemindWithin, 200, cancellationToken))
        {
            if (await RemindAsync(left, now, cancellationToken))
            {
                sent++;
            }
        }

        return sent;
    }

    private async Task<bool> RemindAsync(BasketActivity left, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (left.CustomerId is not { } customerId || NudgeMeasurement.IsHeldOut(customerId, settings.HoldoutPercent)
            || await customers.GetAsync(customerId, cancellationToken) is not { } card || !ConsentStatuses.AllowsMarketing(card.Customer.Consent)
            || await baskets.RemindedSinceAsync(customerId, now - TimeSpan.FromDays(settings.ReminderEveryDays), cancellationToken))
        {
            return false;
        }

        var conversation = ConversationKey.Parse(left.Conversation);
        var (state, _) = await states.LoadAsync(conversation, left.Locale, cancellationToken);
        if (state.Owner != ConversationOwner.Bot || state.Basket.IsEmpty || state.Basket.ContentKey() != left.ContentKey
            || !await notifier.CanReachAsync(conversation, cancellationToken))
        {
            return false;
        }

        shop.Shopper = new PricingCustomer(customerId, card.Customer.Tier, card.Customer.Segment);
        var locale = state.Locale;
        var message = await shop.BasketAsync(locale, state.Basket, cancellationToken, shop.Texts.Get(locale, "basket.reminder", ("name", card.Customer.DisplayName ?? "")));
        OutboxMessage? stored;
        await using (var transaction = await unitOfWork.BeginAsync(cancellationToken))
        {
            if (!await baskets.RemindAsync(left.Conversation, left.ContentKey, now, cancellationToken))
            {
                return false;
            }

            stored = await notifier.QueueToAsync(conversation, locale, [message], $"basket-reminder:{left.Conversation}:{left.ContentKey}", "BasketReminder", null, cancellationToken, settings.ReminderExpiry);
            await transaction.CommitAsync(cancellationToken);
        }

        if (stored is not null)
        {
            await sender.DeliverAsync([stored], cancellationToken);
        }

        return true;
    }
}
