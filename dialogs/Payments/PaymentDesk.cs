using System.Security.Cryptography;
using ChatCommerce.Conversations;
using ChatCommerce.Conversations.Outbox;
using ChatCommerce.Dialogs.Orders;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Orders;
using ChatCommerce.Domain.Payments;
using ChatCommerce.Domain.Ports;
using ChatCommerce.Domain.Replies;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Dialogs.Payments;

/// <summary>How a payment decision ended, for the owner API and the Stripe webhook.</summary>
public enum PaymentOutcome
{
    Done,

    /// <summary>It was decided that way before: nothing changed (a second confirm, a redelivered event).</summary>
    AlreadyDone,
    NotFound,

    /// <summary>Not allowed from where the payment or order stands (see the problem).</summary>
    Conflict,
}

public enum CardLinkOutcome
{
    /// <summary>Go to the payment page.</summary>
    Open,
    Paid,

    /// <summary>The order no longer waits for payment (cancelled, or this attempt ended).</summary>
    Closed,

    /// <summary>Stripe could not be reached: try again in a moment, or pay another way.</summary>
    Unavailable,
    NotFound,
}

public sealed record CardLink(CardLinkOutcome Outcome, Order? Order, string? Url);

public sealed record PaymentDecision(PaymentOutcome Outcome, string? Problem = null, PaymentAttempt? Attempt = null, Order? Order = null, string? CustomerNotified = null);

/// <summary>
/// Every way money comes in: offering a method after checkout, slips sent in chat, staff
/// confirming or rejecting, Stripe reporting a paid session, and unpaid orders reaching their
/// deadline. Each change is made under the order's row lock in one transaction with its history
/// and the message it causes (through the outbox), so a repeat changes nothing and a message is
/// stored exactly when its change is.
/// </summary>
public sealed class PaymentDesk(
    IPaymentStore payments,
    IOrderStore orders,
    IPaymentSettingsStore settingsStore,
    ICardCheckout cards,
    ISlipVerifier verifier,
    PerChannel<IChannelMedia> media,
    IUnitOfWork unitOfWork,
    PaymentReplies replies,
    OrderNotifier notifier,
    OutboxSender sender,
    IOptionsMonitor<PaymentOptions> options,
    TimeProvider clock,
    ILogger<PaymentDesk> logger)
{
    /// <summary>LINE's limit for an original image; a slip is far smaller.</summary>
    public const long MaxSlipBytes = 10 * 1024 * 1024;

    public Task<PaymentSettings> SettingsAsync(CancellationToken cancellationToken) => settingsStore.GetAsync(cancellationToken);

    /// <summary>The methods a shopper can choose now.</summary>
    public async Task<IReadOnlyList<string>> AvailableAsync(CancellationToken cancellationToken) =>
        (await settingsStore.GetAsync(cancellationToken)).Available(CardReady);

    /// <summary>Card needs Stripe and a public address for the payment link that opens its page.</summary>
    public bool CardReady => cards.IsConfigured && replies.HasPublicAddress;

    /// <summary>
    /// How to pay an unpaid order by <paramref name="method"/>: the pending attempt of that method
    /// again, or a new one (a PromptPay payload for the exact total, a Stripe Checkout Session).
    /// Inside a turn the attempt commits with the turn.
    /// </summary>
    public async Task<IReadOnlyList<OutboundMessage>> OfferAsync(Order order, string method, CancellationToken cancellationToken)
    {
        var settings = await settingsStore.GetAsync(cancellationToken);
        var available = settings.Available(CardReady);
        if (order.PaymentState is PaymentState.Paid)
        {
            return [new TextReply(replies.Say(order, "payment.already_paid"))];
        }

        if (!available.Contains(method) || method == PaymentMethods.CashOnDelivery || order.Status != OrderStatus.AwaitingPayment)
        {
            return [];
        }

        var attempt = (await payments.ForOrderAsync(order.Id, cancellationToken)).LastOrDefault(p => p.Method == method && p.Status == PaymentStatus.Pending);
        if (attempt is null)
        {
            attempt = NewAttempt(order, method);
            if (method == PaymentMethods.PromptPay)
            {
                attempt.Payload = PromptPay.Payload(settings.PromptPayId, order.TotalSatang);
            }

            await payments.AddAsync(attempt, "shopper", cancellationToken);
        }

        if (order.PaymentMethod != method)
        {
            await using var transaction = await unitOfWork.BeginAsync(cancellationToken);
            if (await orders.ForUpdateAsync(order.Number, cancellationToken) is { } locked)
            {
                locked.PaymentMethod = method;
                await orders.SaveAsync(locked, "shopper", "pays by " + method, cancellationToken);
                order.PaymentMethod = method;
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return replies.Instructions(order, attempt, settings, available);
    }

    /// <summary>
    /// The shopper opened a card payment link (<c>/pay/card/{token}</c>): the Checkout Session to
    /// send them to, made now (outside any turn, so no turn or lock waits on Stripe) or the one made
    /// before while it still takes payment. Two clicks at once ask Stripe with the same idempotency
    /// key and get the same session.
    /// </summary>
    public async Task<CardLink> OpenCardAsync(string token, CancellationToken cancellationToken)
    {
        var found = await payments.FindByTokenAsync(token, cancellationToken);
        var order = found is { Method: PaymentMethods.Card } ? await orders.GetAsync(found.OrderNumber, cancellationToken) : null;
        if (found is null || order is null)
        {
            return new CardLink(CardLinkOutcome.NotFound, null, null);
        }

        if (order.PaymentState == PaymentState.Paid || found.Status == PaymentStatus.Confirmed)
        {
            return new CardLink(CardLinkOutcome.Paid, order, null);
        }

        // Only a pending attempt opens: one Stripe reported on (even with the wrong amount) is staff's now.
        if (order.Status != OrderStatus.AwaitingPayment || found.Status != PaymentStatus.Pending || !cards.IsConfigured)
        {
            return new CardLink(CardLinkOutcome.Closed, order, null);
        }

        var now = clock.GetUtcNow();
        if (found.PayUrl is { } open && found.PayUrlExpiresAtMs is { } until && until > (now + TimeSpan.FromMinutes(5)).ToUnixTimeMilliseconds())
        {
            return new CardLink(CardLinkOutcome.Open, order, open);
        }

        CheckoutSession session;
        var expires = CheckoutExpiry(order);
        try
        {
            session = await cards.CreateAsync(new CheckoutRequest(
                order.Number, order.TotalSatang, replies.Texts.Get(order.Locale, "receipt.alt", ("number", order.Number), ("total", new Domain.Catalog.Money(order.TotalSatang).ToDisplay())),
                order.Locale, expires, $"payment:{found.Id}:{found.PayUrlExpiresAtMs ?? 0}"), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Card checkout for order {Number} could not start", order.Number);
            return new CardLink(CardLinkOutcome.Unavailable, order, null);
        }

        await using var transaction = await unitOfWork.BeginAsync(cancellationToken);
        if (await orders.ForUpdateAsync(order.Number, cancellationToken) is not null && await payments.GetAsync(found.Id, cancellationToken) is { IsFinal: false } attempt)
        {
            attempt.Reference = session.Id;
            attempt.PayUrl = session.Url;
            attempt.PayUrlExpiresAtMs = expires.ToUnixTimeMilliseconds();
            await payments.ChangeAsync(attempt, attempt.Status, "shopper", "checkout session " + session.Id, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new CardLink(CardLinkOutcome.Open, order, session.Url);
    }

    /// <summary>
    /// A picture the shopper sent while an order of theirs waits for payment: the slip. It is
    /// fetched from the platform, stored once, checked for reuse (the same picture on another
    /// payment, or a transaction reference seen before), checked by the verification provider
    /// when there is one, and put in front of staff, or confirmed when the provider verified it.
    /// </summary>
    public async Task<IReadOnlyList<OutboundMessage>> ReceiveSlipAsync(InboundEvent message, Order order, CancellationToken cancellationToken)
    {
        MediaContent? slip = null;
        try
        {
            slip = await media.For(message.Channel).PictureAsync(message, MaxSlipBytes, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Slip picture of order {Number} could not be fetched: {Error}", order.Number, e.Message);
        }

        if (slip is null)
        {
            return [new TextReply(replies.Say(order, "payment.slip_unreadable"))];
        }

        var sha = slip.Sha256();
        // The provider is asked before the transaction: a slow provider must not hold the order's lock.
        var check = verifier.IsConfigured ? await CheckAsync(slip, order, cancellationToken) : null;

        await using var transaction = await unitOfWork.BeginAsync(cancellationToken);
        var locked = await orders.ForUpdateAsync(order.Number, cancellationToken) ?? order;
        var seen = await payments.WithSlipAsync(sha, cancellationToken);
        if (seen.LastOrDefault(p => p.OrderId == locked.Id) is { } mine)
        {
            // The same picture for this order again: said once already, nothing new to record.
            return [new TextReply(replies.Say(locked, mine.Status == PaymentStatus.Duplicate ? "payment.slip_duplicate" : "payment.slip_again"))];
        }

        await payments.StoreSlipAsync(sha, slip, cancellationToken);
        var attempts = await payments.ForOrderAsync(locked.Id, cancellationToken);
        var attempt = attempts.LastOrDefault(p => PaymentMethods.TakesSlip(p.Method) && p.Status == PaymentStatus.Pending);
        var isNew = attempt is null;
        attempt ??= NewAttempt(locked, PaymentMethods.TakesSlip(locked.PaymentMethod) ? locked.PaymentMethod : PaymentMethods.Transfer);
        attempt.SlipSha256 = sha;
        attempt.SlipContentType = slip.ContentType;
        attempt.ReceivedSatang = check?.AmountSatang;
        attempt.Reference = check?.TransactionReference ?? attempt.Reference;
        var reused = seen.Count > 0
            || check is { AlreadyUsed: true }
            || (check?.TransactionReference is { Length: > 0 } reference && (await payments.WithReferenceAsync(reference, cancellationToken)).Any(p => p.Id != attempt.Id));

        var (status, note, reply) = reused
            ? (PaymentStatus.Duplicate, "slip already used for another payment", "payment.slip_duplicate")
            : check is { ReceiverMatches: false }
                ? (PaymentStatus.Mismatch, $"paid to {check.Receiver ?? "another account"}, not the shop", "payment.slip_wrong_receiver")
            : locked.PaymentState == PaymentState.Paid
                ? (PaymentStatus.Verifying, "order already paid: a second payment?", "payment.slip_received")
            : check?.AmountSatang is { } received && received != locked.TotalSatang
                ? (PaymentStatus.Mismatch, $"slip shows {received} satang, order total {locked.TotalSatang}", "payment.slip_mismatch")
            : check is { Readable: true, ReceiverMatches: not false } && check.AmountSatang == locked.TotalSatang && options.CurrentValue.SlipVerification.ConfirmVerified && locked.Status == OrderStatus.AwaitingPayment
                ? (PaymentStatus.Confirmed, "verified by the provider", null)
                : (PaymentStatus.Verifying, check?.Message, "payment.slip_received");

        if (isNew)
        {
            attempt.Status = status;
            attempt.Note = note;
            await payments.AddAsync(attempt, "shopper", cancellationToken);
        }
        else
        {
            await payments.ChangeAsync(attempt, status, "shopper", note, cancellationToken);
        }

        IReadOnlyList<OutboundMessage> answer;
        if (status == PaymentStatus.Confirmed)
        {
            var paidAt = clock.GetUtcNow();
            MarkPaid(locked, paidAt);
            await orders.SaveAsync(locked, "verifier", $"payment {attempt.Id} verified", cancellationToken);
            answer = replies.Paid(locked, attempt.Method, paidAt);
        }
        else
        {
            if (status == PaymentStatus.Verifying && locked.PaymentState == PaymentState.Unpaid)
            {
                locked.PaymentState = PaymentState.Verifying;
                await orders.SaveAsync(locked, "shopper", $"slip for payment {attempt.Id}", cancellationToken);
            }

            answer = [new TextReply(replies.Say(locked, reply!, ("received", new Domain.Catalog.Money(attempt.ReceivedSatang ?? 0).ToDisplay())))];
        }

        await transaction.CommitAsync(cancellationToken);
        return answer;
    }

    /// <summary>Staff checked the slip (or the money) and accept it: the order is paid and the shopper gets a receipt.</summary>
    public Task<PaymentDecision> ConfirmAsync(string number, long paymentId, CancellationToken cancellationToken) =>
        DecideAsync(number, paymentId, cancellationToken, async (order, attempt) =>
        {
            switch (attempt.Status)
            {
                case PaymentStatus.Confirmed:
                    return (PaymentOutcome.AlreadyDone, null, null);
                case PaymentStatus.Mismatch:
                    return (PaymentOutcome.Conflict, $"The amount received ({attempt.ReceivedSatang} satang) is not the order's total ({order.TotalSatang}): it is never marked paid. Reject it, or correct the order.", null);
                case PaymentStatus.Duplicate:
                    return (PaymentOutcome.Conflict, "This slip was already used for another payment: it is never accepted.", null);
                case PaymentStatus.Rejected or PaymentStatus.Expired:
                    return (PaymentOutcome.Conflict, $"The payment is {attempt.Status.ToString().ToLowerInvariant()}.", null);
            }

            if (order.Status == OrderStatus.Cancelled)
            {
                return (PaymentOutcome.Conflict, "The order is cancelled (its stock was released): refund the shopper or place the order again.", null);
            }

            if (attempt.AmountSatang != order.TotalSatang)
            {
                return (PaymentOutcome.Conflict, $"The payment is for {attempt.AmountSatang} satang, the order's total is {order.TotalSatang}.", null);
            }

            attempt.ReceivedSatang ??= attempt.AmountSatang;
            await payments.ChangeAsync(attempt, PaymentStatus.Confirmed, "staff", "confirmed by staff", cancellationToken);
            var paidAt = clock.GetUtcNow();
            var wasPaid = order.PaymentState == PaymentState.Paid;
            MarkPaid(order, paidAt);
            await orders.SaveAsync(order, "staff", $"payment {attempt.Id} confirmed", cancellationToken);
            var notice = wasPaid ? null : await notifier.QueueAsync(order, replies.Paid(order, attempt.Method, paidAt), $"order:{order.Number}:paid", "PaymentConfirmed", cancellationToken);
            return (PaymentOutcome.Done, null, notice);
        });

    /// <summary>Staff refuse a payment, with the reason the shopper is told; the order waits for a right one.</summary>
    public Task<PaymentDecision> RejectAsync(string number, long paymentId, string reason, CancellationToken cancellationToken) =>
        DecideAsync(number, paymentId, cancellationToken, async (order, attempt) =>
        {
            if (attempt.Status == PaymentStatus.Rejected)
            {
                return (PaymentOutcome.AlreadyDone, null, null);
            }

            if (attempt.Status is PaymentStatus.Confirmed or PaymentStatus.Expired)
            {
                return (PaymentOutcome.Conflict, $"The payment is {attempt.Status.ToString().ToLowerInvariant()}.", null);
            }

            await payments.ChangeAsync(attempt, PaymentStatus.Rejected, "staff", reason, cancellationToken);
            OutboxMessage? notice = null;
            if (order.Status == OrderStatus.AwaitingPayment)
            {
                // The shopper gets time to send the right slip, even if the deadline passed meanwhile.
                var now = clock.GetUtcNow();
                var due = DateTimeOffset.FromUnixTimeMilliseconds(Math.Max(order.PaymentDueAtMs ?? 0, (now + TimeSpan.FromHours(2)).ToUnixTimeMilliseconds()));
                order.PaymentDueAtMs = due.ToUnixTimeMilliseconds();
                var others = await payments.ForOrderAsync(order.Id, cancellationToken);
                if (order.PaymentState == PaymentState.Verifying && !others.Any(p => p.Id != attempt.Id && p.Status == PaymentStatus.Verifying))
                {
                    order.PaymentState = PaymentState.Unpaid;
                }

                await orders.SaveAsync(order, "staff", $"payment {attempt.Id} rejected: {reason}", cancellationToken);
                var text = replies.Say(order, "payment.rejected", ("reason", reason), ("deadline", replies.Time(order.Locale, due)));
                notice = await notifier.QueueAsync(order, [new TextReply(text)], $"order:{order.Number}:payment:{attempt.Id}:rejected", "PaymentRejected", cancellationToken);
            }

            return (PaymentOutcome.Done, null, notice);
        });

    /// <summary>
    /// Stripe reports a Checkout Session paid. Acted on once per event id, and once per session:
    /// <c>checkout.session.completed</c> and <c>async_payment_succeeded</c> of the same session
    /// confirm it once. An amount or currency other than the order's is kept as a mismatch.
    /// </summary>
    public async Task<PaymentDecision> CardPaidAsync(string eventId, string eventType, string sessionId, string orderNumber, long amountSatang, string currency, CancellationToken cancellationToken)
    {
        OutboxMessage? notice = null;
        PaymentDecision decision;
        await using (var transaction = await unitOfWork.BeginAsync(cancellationToken))
        {
            if (!await payments.FirstTimeAsync("stripe", eventId, eventType, cancellationToken))
            {
                return new PaymentDecision(PaymentOutcome.AlreadyDone);
            }

            var order = await orders.ForUpdateAsync(orderNumber, cancellationToken);
            if (order is null)
            {
                logger.LogWarning("Stripe session {Session} names order {Number}, which does not exist", sessionId, orderNumber);
                await transaction.CommitAsync(cancellationToken);
                return new PaymentDecision(PaymentOutcome.NotFound, $"No order {orderNumber}.");
            }

            var attempt = (await payments.WithReferenceAsync(sessionId, cancellationToken)).FirstOrDefault(p => p.OrderId == order.Id) is { } found
                ? await payments.GetAsync(found.Id, cancellationToken)
                : null;
            if (attempt is null)
            {
                var paidElsewhere = NewAttempt(order, PaymentMethods.Card);
                paidElsewhere.Reference = sessionId;
                attempt = await payments.AddAsync(paidElsewhere, "stripe", cancellationToken);
            }

            if (attempt.Status == PaymentStatus.Confirmed)
            {
                await transaction.CommitAsync(cancellationToken);
                return new PaymentDecision(PaymentOutcome.AlreadyDone, null, attempt, order);
            }

            attempt.ReceivedSatang = amountSatang;
            if (!currency.Equals("thb", StringComparison.OrdinalIgnoreCase) || amountSatang != order.TotalSatang)
            {
                await payments.ChangeAsync(attempt, PaymentStatus.Mismatch, "stripe", $"Stripe took {amountSatang} {currency}; the order's total is {order.TotalSatang} thb", cancellationToken);
                decision = new PaymentDecision(PaymentOutcome.Done, null, attempt, order);
            }
            else if (order.Status == OrderStatus.Cancelled)
            {
                // Paid after the deadline released the stock: staff decide (refund or place again).
                await payments.ChangeAsync(attempt, PaymentStatus.Verifying, "stripe", "paid after the order was cancelled", cancellationToken);
                decision = new PaymentDecision(PaymentOutcome.Done, null, attempt, order);
            }
            else
            {
                await payments.ChangeAsync(attempt, PaymentStatus.Confirmed, "stripe", eventType, cancellationToken);
                var paidAt = clock.GetUtcNow();
                var wasPaid = order.PaymentState == PaymentState.Paid;
                MarkPaid(order, paidAt);
                await orders.SaveAsync(order, "stripe", $"payment {attempt.Id} paid ({sessionId})", cancellationToken);
                if (!wasPaid)
                {
                    notice = await notifier.QueueAsync(order, replies.Paid(order, attempt.Method, paidAt), $"order:{order.Number}:paid", "PaymentConfirmed", cancellationToken);
                }

                decision = new PaymentDecision(PaymentOutcome.Done, null, attempt, order);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return decision with { CustomerNotified = await DeliverAsync(notice, cancellationToken) };
    }

    /// <summary>Stripe reports a delayed payment failed: the attempt ends, the shopper may pay another way.</summary>
    public async Task<PaymentDecision> CardFailedAsync(string eventId, string eventType, string sessionId, string orderNumber, CancellationToken cancellationToken)
    {
        await using var transaction = await unitOfWork.BeginAsync(cancellationToken);
        if (!await payments.FirstTimeAsync("stripe", eventId, eventType, cancellationToken))
        {
            return new PaymentDecision(PaymentOutcome.AlreadyDone);
        }

        var order = await orders.ForUpdateAsync(orderNumber, cancellationToken);
        var found = order is null ? null : (await payments.WithReferenceAsync(sessionId, cancellationToken)).FirstOrDefault(p => p.OrderId == order.Id);
        if (found is not null && await payments.GetAsync(found.Id, cancellationToken) is { IsFinal: false } attempt)
        {
            await payments.ChangeAsync(attempt, PaymentStatus.Expired, "stripe", eventType, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new PaymentDecision(order is null ? PaymentOutcome.NotFound : PaymentOutcome.Done);
    }

    /// <summary>
    /// The deadline job: a reminder to every unpaid order within the reminder time of its deadline
    /// (once; on Messenger only inside the 24-hour window), and every unpaid order past its deadline
    /// cancelled with its stock released. Each order is re-read under its lock, so running twice,
    /// or on two instances at once, changes nothing more.
    /// </summary>
    public async Task<(int Reminded, int Released)> RunDeadlinesAsync(CancellationToken cancellationToken)
    {
        var settings = await settingsStore.GetAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var reminded = 0;
        foreach (var candidate in await orders.UnpaidDueBeforeAsync(now + settings.ReminderBefore, notRemindedOnly: true, 200, cancellationToken))
        {
            OutboxMessage? notice = null;
            await using (var transaction = await unitOfWork.BeginAsync(cancellationToken))
            {
                var order = await orders.ForUpdateAsync(candidate.Number, cancellationToken);
                if (order is not { Status: OrderStatus.AwaitingPayment, PaymentState: PaymentState.Unpaid, ReminderSentAtMs: null, PaymentDueAtMs: { } due } || due <= now.ToUnixTimeMilliseconds())
                {
                    continue;
                }

                order.ReminderSentAtMs = now.ToUnixTimeMilliseconds();
                var reachable = await notifier.CanReachAsync(order, cancellationToken);
                await orders.SaveAsync(order, "system", reachable ? "payment reminder" : "payment reminder not sent: outside Messenger's 24-hour window", cancellationToken);
                if (reachable)
                {
                    var text = replies.Say(order, "payment.reminder", ("deadline", replies.Time(order.Locale, DateTimeOffset.FromUnixTimeMilliseconds(due))));
                    var attempt = (await payments.ForOrderAsync(order.Id, cancellationToken)).LastOrDefault(p => p.Status == PaymentStatus.Pending);
                    notice = await notifier.QueueAsync(order, [new TextReply(text) { QuickReplies = [new ReplyAction(replies.Texts.Get(order.Locale, "payment.show"), PaymentReplies.PayWithPrefix + order.Number + ":" + (attempt?.Method ?? order.PaymentMethod))] }],
                        $"order:{order.Number}:reminder", "PaymentReminder", cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                reminded++;
            }

            await DeliverAsync(notice, cancellationToken);
        }

        var released = 0;
        foreach (var candidate in await orders.UnpaidDueBeforeAsync(now, notRemindedOnly: false, 200, cancellationToken))
        {
            OutboxMessage? notice = null;
            await using (var transaction = await unitOfWork.BeginAsync(cancellationToken))
            {
                var order = await orders.ForUpdateAsync(candidate.Number, cancellationToken);
                if (order is not { Status: OrderStatus.AwaitingPayment, PaymentState: PaymentState.Unpaid, PaymentDueAtMs: { } due } || due > now.ToUnixTimeMilliseconds())
                {
                    continue;
                }

                var update = await orders.UpdateAsync(order.Number, OrderStatus.Cancelled, null, cancellationToken, "system", "payment deadline passed: stock released");
                foreach (var attempt in (await payments.ForOrderAsync(order.Id, cancellationToken)).Where(p => p.Status == PaymentStatus.Pending))
                {
                    await payments.ChangeAsync(attempt, PaymentStatus.Expired, "system", "payment deadline passed", cancellationToken);
                }

                if (update is not null && await notifier.CanReachAsync(update.Order, cancellationToken))
                {
                    notice = await notifier.QueueAsync(update.Order, [new TextReply(replies.Say(update.Order, "payment.expired"))], $"order:{order.Number}:expired", "PaymentExpired", cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                released++;
            }

            await DeliverAsync(notice, cancellationToken);
        }

        if (reminded + released > 0)
        {
            logger.LogInformation("Payment deadlines: {Reminded} reminded, {Released} cancelled and restocked", reminded, released);
        }

        return (reminded, released);
    }

    private async Task<PaymentDecision> DecideAsync(
        string number, long paymentId, CancellationToken cancellationToken, Func<Order, PaymentAttempt, Task<(PaymentOutcome, string?, OutboxMessage?)>> decide)
    {
        PaymentDecision decision;
        OutboxMessage? notice;
        await using (var transaction = await unitOfWork.BeginAsync(cancellationToken))
        {
            var order = await orders.ForUpdateAsync(number, cancellationToken);
            var attempt = order is null ? null : await payments.GetAsync(paymentId, cancellationToken);
            if (order is null || attempt is null || attempt.OrderId != order.Id)
            {
                return new PaymentDecision(PaymentOutcome.NotFound, order is null ? $"No order {number}." : $"Order {order.Number} has no payment {paymentId}.");
            }

            (var outcome, var problem, notice) = await decide(order, attempt);
            if (outcome != PaymentOutcome.Done)
            {
                return new PaymentDecision(outcome, problem, attempt, order);
            }

            await transaction.CommitAsync(cancellationToken);
            decision = new PaymentDecision(outcome, null, attempt, order);
        }

        return decision with { CustomerNotified = await DeliverAsync(notice, cancellationToken) };
    }

    private async Task<SlipCheck?> CheckAsync(MediaContent slip, Order order, CancellationToken cancellationToken)
    {
        try
        {
            var settings = await settingsStore.GetAsync(cancellationToken);
            return await verifier.CheckAsync(slip.Bytes, slip.ContentType, order.TotalSatang, settings.PromptPayId is { Length: > 0 } id ? id : settings.Transfer.AccountNumber, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Slip verification for order {Number} failed ({Error}); staff will check it", order.Number, e.Message);
            return null;
        }
    }

    /// <summary>A pending attempt for the order's total, with an unguessable name for its public links.</summary>
    private static PaymentAttempt NewAttempt(Order order, string method) => new()
    {
        OrderId = order.Id,
        OrderNumber = order.Number,
        Method = method,
        AmountSatang = order.TotalSatang,
        Status = PaymentStatus.Pending,
        PublicToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
    };

    private static void MarkPaid(Order order, DateTimeOffset paidAt)
    {
        order.PaymentState = PaymentState.Paid;
        order.PaidAtMs ??= paidAt.ToUnixTimeMilliseconds();
        order.PaymentDueAtMs = null;
        if (order.Status == OrderStatus.AwaitingPayment)
        {
            order.Status = OrderStatus.Confirmed;
        }
    }

    /// <summary>A Checkout Session lives from 30 minutes to 24 hours: the order's deadline, kept inside that.</summary>
    private DateTimeOffset CheckoutExpiry(Order order)
    {
        var now = clock.GetUtcNow();
        var due = order.PaymentDueAtMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : now + TimeSpan.FromHours(23);
        return due < now + TimeSpan.FromMinutes(31) ? now + TimeSpan.FromMinutes(31)
            : due > now + TimeSpan.FromHours(23.9) ? now + TimeSpan.FromHours(23.9)
            : due;
    }

    private async Task<string?> DeliverAsync(OutboxMessage? notice, CancellationToken cancellationToken) =>
        notice is null ? null : (await sender.DeliverAsync([notice], cancellationToken))[notice.Id];
}
