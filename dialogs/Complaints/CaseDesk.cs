using System.Globalization;
using System.Security.Cryptography;
using ChatCommerce.Conversations.Contacts;
using ChatCommerce.Conversations.Handoffs;
using ChatCommerce.Conversations.Outbox;
using ChatCommerce.Conversations.State;
using ChatCommerce.Domain.Cases;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Orders;
using ChatCommerce.Domain.Payments;
using ChatCommerce.Domain.Ports;
using ChatCommerce.Domain.Replies;
using ChatCommerce.Domain.Staff;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Dialogs.Complaints;

/// <summary>Configuration section <c>ChatCommerce:Cases</c>.</summary>
public sealed class CaseOptions
{
    public const string Section = "ChatCommerce:Cases";

    /// <summary>How long after a case is resolved the satisfaction question goes out.</summary>
    public int CsatDelayMinutes { get; set; } = 30;

    /// <summary>A score at or below this reopens the case and hands the conversation to staff.</summary>
    public int ReopenAtOrBelow { get; set; } = 2;

    /// <summary>LINE user ids (the owner's own LINE accounts, following the shop) told when a case passes its due time unanswered.</summary>
    public List<string> NotifyLineUserIds { get; set; } = [];
}

/// <summary>
/// What staff do with complaint cases, each step on the case's timeline and in the audit log:
/// notes, refund records, compensation vouchers, resolving (the customer's satisfaction question
/// follows by a job) and reopening; and the jobs: the satisfaction question, and the owner told of
/// cases past their due time with nobody having answered.
/// </summary>
public sealed class CaseDesk(
    ICaseStore cases,
    IAuditLog audit,
    IUnitOfWork unitOfWork,
    IOutboxStore outbox,
    OutboxSender sender,
    ConversationStateRepository states,
    IHandoffQueue queue,
    IConversationFeed feed,
    IOrderStore orders,
    Orders.OrderNotifier notifier,
    IOptions<ShippingOptions> shipping,
    Domain.Promotions.IPromotionStore promotions,
    Domain.Customers.ICustomerDirectory customers,
    ReplyTexts texts,
    IOptions<CaseOptions> options,
    IOptions<OutboxOptions> outboxOptions,
    TimeProvider clock,
    ILogger<CaseDesk> logger)
{
    public const string CsatPayloadPrefix = "csat:";

    /// <summary>How long a compensation voucher can be used.</summary>
    public static readonly TimeSpan VoucherLifetime = TimeSpan.FromDays(180);

    /// <summary>Letters and digits nobody misreads (no 0/O, 1/I/L).</summary>
    private const string VoucherAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    public Task<ServiceCase?> FindAsync(long id, CancellationToken cancellationToken) => cases.FindAsync(id, cancellationToken);

    public async Task<bool> NoteAsync(long id, string actor, string text, CancellationToken cancellationToken) =>
        await ActAsync(id, actor, AuditActions.Note, new CaseEvent { Kind = CaseEventKinds.Note, Text = text }, null, cancellationToken) is not null;

    /// <summary>Records a refund paid back to the customer (the money moves outside: bank transfer, Stripe's dashboard).</summary>
    public async Task<bool> RefundAsync(long id, string actor, long satang, string? reference, CancellationToken cancellationToken) =>
        satang > 0 && await ActAsync(id, actor, AuditActions.Refund, new CaseEvent { Kind = CaseEventKinds.Refund, AmountSatang = satang, Reference = reference }, null, cancellationToken) is not null;

    /// <summary>
    /// Issues a compensation voucher: a code for the value, recorded on the case, and a voucher
    /// promotion for the case's customer only, used once, valid <see cref="VoucherLifetime"/>; the
    /// shopper types the code in chat and the order takes it off.
    /// </summary>
    public async Task<string?> VoucherAsync(long id, string actor, long satang, CancellationToken cancellationToken)
    {
        if (satang <= 0 || await cases.FindAsync(id, cancellationToken) is not { } serviceCase)
        {
            return null;
        }

        var conversation = ConversationKey.Parse(serviceCase.Conversation);
        var customerId = await customers.IdOfAsync(conversation.ChannelName, conversation.ChatId, cancellationToken);
        var value = new Domain.Catalog.Money(satang).ToDisplay();
        string code;
        do
        {
            code = "CC-" + RandomNumberGenerator.GetString(VoucherAlphabet, 8);
        }
        while (await promotions.AddAsync(new Domain.Promotions.Promotion
        {
            Id = "voucher-" + code.ToLowerInvariant(),
            Name = $"คูปองชดเชย {value}",
            NameEn = $"Apology voucher {value}",
            Kind = Domain.Promotions.PromotionKinds.Voucher,
            Code = code,
            CustomerId = customerId,
            MaxUses = 1,
            EndsAt = clock.GetUtcNow() + VoucherLifetime,
            Steps = [new Domain.Promotions.PromotionStep { AmountSatang = satang }],
        }, cancellationToken) == Domain.Promotions.PromotionSave.Taken);

        return await ActAsync(id, actor, AuditActions.Voucher, new CaseEvent { Kind = CaseEventKinds.Voucher, AmountSatang = satang, Reference = code }, null, cancellationToken) is not null ? code : null;
    }

    /// <summary>
    /// Sends the customer the case's order again at no charge: a new order with the same lines,
    /// stock reserved, confirmed and paid (zero), on the case's timeline and in the audit log; the
    /// customer is told in chat (held while staff own the conversation, like every notice). Null
    /// with the reason when it cannot be made (no order on the case, out of stock); the same case
    /// and order make the same replacement once.
    /// </summary>
    public async Task<(Order? Order, string? Problem)> ReplacementAsync(long id, string actor, CancellationToken cancellationToken)
    {
        if (await cases.FindAsync(id, cancellationToken) is not { } serviceCase || serviceCase.OrderNumber is null
            || await orders.GetAsync(serviceCase.OrderNumber, cancellationToken) is not { } original)
        {
            return (null, "no-order");
        }

        var method = shipping.Value.Effective.FirstOrDefault(m => m.Id == original.ShippingMethod) ?? shipping.Value.Effective[0];
        var draft = new OrderDraft(
            $"replacement:{id}:{original.Number}", original.Channel, original.UserId, original.Locale, original.CustomerName, original.Phone, original.Address, original.Postcode,
            method.Id, PaymentMethods.NoCharge, original.Lines.Select(l => new BasketLine(l.Sku, l.Quantity, l.Size)).ToList())
        {
            ReplacesOrder = original.Number,
            Actor = actor,
        };
        await using var transaction = await unitOfWork.BeginAsync(cancellationToken);
        Order placed;
        switch (await orders.PlaceAsync(draft, method, cancellationToken))
        {
            case PlaceOrderResult.AlreadyPlaced already:
                return (already.Order, null);
            case PlaceOrderResult.Placed fresh:
                placed = fresh.Order;
                break;
            case PlaceOrderResult.OutOfStock gone:
                return (null, "out-of-stock " + string.Join(',', gone.Skus));
            default:
                return (null, "invalid");
        }

        serviceCase = await cases.FindAsync(id, cancellationToken) ?? serviceCase;
        await cases.SaveAsync(serviceCase, new CaseEvent { Kind = CaseEventKinds.Replacement, Actor = actor, Reference = placed.Number, Text = "for " + original.Number }, cancellationToken);
        await audit.AppendAsync(actor, AuditActions.Replacement, "case:" + id, placed.Number + " for " + original.Number, cancellationToken);
        var notice = await notifier.QueueAsync(placed, [new TextReply(texts.Get(placed.Locale, "complaint.replacement_sent", ("number", placed.Number), ("case", id.ToString(CultureInfo.InvariantCulture))))], $"replacement:{placed.Number}", "ReplacementSent", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (notice is not null)
        {
            await sender.DeliverAsync([notice], cancellationToken);
        }

        if (ConversationKey.TryParse(serviceCase.Conversation, out var conversation))
        {
            feed.Changed(conversation);
        }

        return (placed, null);
    }

    /// <summary>Resolves the case; the satisfaction question follows after the delay (a job).</summary>
    public async Task<bool> ResolveAsync(long id, string actor, string? note, CancellationToken cancellationToken) =>
        await ActAsync(id, actor, AuditActions.CaseResolved, new CaseEvent { Kind = CaseEventKinds.Resolved, Text = note }, c =>
        {
            if (c.Status == CaseStatus.Resolved)
            {
                return false;
            }

            c.Status = CaseStatus.Resolved;
            c.ResolvedAtMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
            c.ResolvedBy = actor;
            c.CsatAskedAtMs = null;
            c.CsatScore = null;
            c.CsatComment = null;
            return true;
        }, cancellationToken) is not null;

    /// <summary>Resolves every open case of a conversation; how many.</summary>
    public async Task<int> ResolveConversationAsync(ConversationKey conversation, string actor, CancellationToken cancellationToken)
    {
        var resolved = 0;
        foreach (var open in await cases.OpenOfConversationAsync(conversation.ToString(), cancellationToken))
        {
            resolved += await ResolveAsync(open.Id, actor, null, cancellationToken) ? 1 : 0;
        }

        return resolved;
    }

    /// <summary>A person answered the customer: open cases of the conversation count as answered (their SLA is met).</summary>
    public async Task AnsweredAsync(ConversationKey conversation, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var open in await cases.OpenOfConversationAsync(conversation.ToString(), cancellationToken))
        {
            if (open.FirstResponseAtMs is null)
            {
                open.FirstResponseAtMs = now;
                await cases.SaveAsync(open, null, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Job: asks customers of cases resolved at least the delay ago how satisfied they are (1–5, as
    /// quick replies). Waits while staff still own the conversation; once per resolution.
    /// </summary>
    public async Task<int> AskSatisfactionAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var asked = 0;
        foreach (var resolved in await cases.AwaitingCsatAsync((now - TimeSpan.FromMinutes(options.Value.CsatDelayMinutes)).ToUnixTimeMilliseconds(), 100, cancellationToken))
        {
            if (!ConversationKey.TryParse(resolved.Conversation, out var conversation))
            {
                continue;
            }

            var (state, _) = await states.LoadAsync(conversation, "th", cancellationToken);
            if (state.Owner != ConversationOwner.Bot)
            {
                continue;
            }

            var locale = state.Locale;
            var id = resolved.Id.ToString(CultureInfo.InvariantCulture);
            var question = new TextReply(texts.Get(locale, "csat.question", ("case", id)))
            {
                QuickReplies = Enumerable.Range(1, 5).Select(n => new ReplyAction(Stars(n), $"{CsatPayloadPrefix}{id}:{n}", n.ToString(CultureInfo.InvariantCulture))).ToList(),
            };
            var reachable = await notifier.CanReachAsync(conversation, cancellationToken);
            OutboxMessage? stored = null;
            await using (var transaction = await unitOfWork.BeginAsync(cancellationToken))
            {
                resolved.CsatAskedAtMs = now.ToUnixTimeMilliseconds();
                await cases.SaveAsync(resolved, new CaseEvent { Kind = CaseEventKinds.Csat, Actor = "system", Text = reachable ? "asked" : "not asked: outside Messenger's 24-hour window" }, cancellationToken);
                if (reachable)
                {
                    stored = await notifier.QueueToAsync(conversation, locale, [question], $"csat:{id}:{resolved.ResolvedAtMs}", "CsatAsked", "case:" + id, cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
            }

            if (stored is not null)
            {
                await sender.DeliverAsync([stored], cancellationToken);
                feed.Changed(conversation);
                asked++;
            }
        }

        return asked;
    }

    /// <summary>
    /// The customer's score (from the question's quick reply, inside their turn): kept once; a low
    /// score reopens the case and puts the conversation in the staff queue. Null when the payload
    /// names no resolved case of this conversation.
    /// </summary>
    public async Task<(int Score, bool Reopened, bool Repeated)?> RecordScoreAsync(ConversationKey conversation, string payload, CancellationToken cancellationToken)
    {
        var parts = payload.Split(':');
        if (parts.Length != 3 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var score) || score is < 1 or > 5
            || await cases.FindAsync(id, cancellationToken) is not { } serviceCase || serviceCase.Conversation != conversation.ToString())
        {
            return null;
        }

        if (serviceCase.CsatScore is not null || serviceCase.Status != CaseStatus.Resolved)
        {
            return (serviceCase.CsatScore ?? score, false, true);
        }

        serviceCase.CsatScore = score;
        var reopen = score <= options.Value.ReopenAtOrBelow;
        if (reopen)
        {
            serviceCase.Status = CaseStatus.Reopened;
            serviceCase.ResolvedAtMs = null;
            serviceCase.FirstResponseAtMs = null;
            serviceCase.BreachNotifiedAtMs = null;
            serviceCase.DueAtMs = clock.GetUtcNow().AddHours(4).ToUnixTimeMilliseconds();
        }

        await cases.SaveAsync(serviceCase, new CaseEvent { Kind = reopen ? CaseEventKinds.Reopened : CaseEventKinds.Csat, Actor = "customer", Text = "score " + score }, cancellationToken);
        if (reopen)
        {
            await audit.AppendAsync("customer", AuditActions.CaseReopened, "case:" + id, "satisfaction score " + score, cancellationToken);
            await queue.RequestAsync(conversation, "csat", "score " + score, cancellationToken);
        }

        return (score, reopen, false);
    }

    /// <summary>The customer's comment after their score.</summary>
    public async Task CommentAsync(ConversationKey conversation, long id, string comment, CancellationToken cancellationToken)
    {
        if (await cases.FindAsync(id, cancellationToken) is { } serviceCase && serviceCase.Conversation == conversation.ToString() && serviceCase.CsatComment is null)
        {
            serviceCase.CsatComment = comment.Length <= 1000 ? comment : comment[..1000];
            await cases.SaveAsync(serviceCase, new CaseEvent { Kind = CaseEventKinds.Csat, Actor = "customer", Text = serviceCase.CsatComment }, cancellationToken);
        }
    }

    /// <summary>
    /// Job: cases past their due time with nobody having answered: marked once, on the timeline,
    /// live in the console, and pushed on LINE to the owner's own accounts when configured.
    /// </summary>
    public async Task<int> NotifyBreachesAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var breached = await cases.BreachedAsync(now.ToUnixTimeMilliseconds(), 100, cancellationToken);
        foreach (var late in breached)
        {
            var id = late.Id.ToString(CultureInfo.InvariantCulture);
            var text = $"⚠️ เคส #{id} ({late.Severity.ToString().ToLowerInvariant()}, {late.Category}) เกินเวลาที่ต้องตอบลูกค้าแล้ว / Case #{id} is past its due time with no answer.";
            IReadOnlyList<OutboxMessage> stored = [];
            await using (var transaction = await unitOfWork.BeginAsync(cancellationToken))
            {
                late.BreachNotifiedAtMs = now.ToUnixTimeMilliseconds();
                await cases.SaveAsync(late, new CaseEvent { Kind = CaseEventKinds.Breach, Actor = "system", Text = "past due, owner notified" }, cancellationToken);
                await audit.AppendAsync("system", "case_breached", "case:" + id, late.Conversation, cancellationToken);
                var entries = options.Value.NotifyLineUserIds.Where(u => u.Length is > 0 and <= 100)
                    .Select(u => new OutboxEntry(new ConversationKey(Channel.Line, u), OutboxKind.Notice, [new TextReply(text)], $"breach:{id}:{u}", now + outboxOptions.Value.NoticeExpiry))
                    .ToList();
                if (entries.Count > 0)
                {
                    stored = await outbox.AddAsync(entries, now, now + outboxOptions.Value.Lease, cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
            }

            if (stored.Count > 0)
            {
                await sender.DeliverAsync(stored, cancellationToken);
            }

            if (ConversationKey.TryParse(late.Conversation, out var conversation))
            {
                feed.Changed(conversation);
            }

            logger.LogWarning("Case {Case} is past its due time with no answer", late.Id);
        }

        return breached.Count;
    }

    /// <summary>A 1–5 score's button label: "4 ★★★★".</summary>
    public static string Stars(int n) => n + " " + new string('★', n);

    private async Task<ServiceCase?> ActAsync(long id, string actor, string action, CaseEvent happened, Func<ServiceCase, bool>? change, CancellationToken cancellationToken)
    {
        await using var transaction = await unitOfWork.BeginAsync(cancellationToken);
        if (await cases.FindAsync(id, cancellationToken) is not { } serviceCase || change?.Invoke(serviceCase) == false)
        {
            return null;
        }

        happened.Actor = actor;
        await cases.SaveAsync(serviceCase, happened, cancellationToken);
        var detail = string.Join(' ', new[] { happened.AmountSatang is { } satang ? (satang / 100m).ToString("#,0.##", CultureInfo.InvariantCulture) + " THB" : null, happened.Reference, happened.Text }.Where(s => !string.IsNullOrEmpty(s)));
        await audit.AppendAsync(actor, action, "case:" + id, detail.Length > 0 ? detail : null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (ConversationKey.TryParse(serviceCase.Conversation, out var conversation))
        {
            feed.Changed(conversation);
        }

        return serviceCase;
    }
}
