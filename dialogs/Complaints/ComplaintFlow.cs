using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using ChatCommerce.Conversations;
using ChatCommerce.Conversations.Engine;
using ChatCommerce.Conversations.Turns;
using ChatCommerce.Dialogs.Shopping;
using ChatCommerce.Domain.Cases;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Orders;
using ChatCommerce.Domain.Payments;
using ChatCommerce.Domain.Replies;
using Microsoft.Extensions.Logging;

namespace ChatCommerce.Dialogs.Complaints;

public sealed class ComplaintState
{
    public long CaseId { get; set; }

    public string Category { get; set; } = CaseCategories.Other;

    /// <summary>Recent orders of the customer the case may concern (numbers), newest first.</summary>
    public List<string> Orders { get; set; } = [];

    public bool CategoryAsked { get; set; }

    public bool OrderAsked { get; set; }

    public bool PhotoAsked { get; set; }

    public int Photos { get; set; }

    public bool WishAsked { get; set; }

    /// <summary>The answer time the shopper was told, shop time text.</summary>
    public string Due { get; set; } = "";

    /// <summary>A checkout waits below this flow.</summary>
    public bool CheckoutWaits { get; set; }

    /// <summary>When the questions are done the conversation goes to staff (a strongly negative, a repeat or, by the answers, a severe complaint).</summary>
    public bool HandOff { get; set; }

    /// <summary>What the severity was first judged on, kept to judge it again as answers come in.</summary>
    public bool StronglyNegative { get; set; }

    public bool Repeat { get; set; }
}

/// <summary>
/// After a complaint opened its case (<see cref="ComplaintInterrupt"/>), a few questions fill it
/// in, each skippable and each answer kept on the case at once (a shopper who stops half-way
/// loses nothing): what went wrong when the words did not say, which of their recent orders,
/// photos for damage, a wrong item or quality, and what they want done. Then the case number and
/// the answer time again, and a checkout in progress goes on waiting at its question.
/// </summary>
public sealed class ComplaintFlow(
    ReplyTexts texts,
    ICaseStore cases,
    IOrderStore orders,
    IPaymentStore pictures,
    PerChannel<IChannelMedia> media,
    Conversations.Handoffs.IHandoffQueue queue,
    ShopReplies shopReplies,
    Microsoft.Extensions.Options.IOptions<Domain.Shop.ShopOptions> shop,
    ILogger<ComplaintFlow> logger) : Flow<ComplaintState>
{
    public const string FlowId = "complaint";
    public const string Prefix = "complaint:";
    public const int MaxPhotoBytes = 10 * 1024 * 1024;
    public const int MaxPhotos = 5;

    private static readonly string[] Categories = [CaseCategories.Damaged, CaseCategories.WrongItem, CaseCategories.Missing, CaseCategories.Late, CaseCategories.Quality, CaseCategories.Service, CaseCategories.Other];

    public override string Id => FlowId;

    protected override JsonTypeInfo<ComplaintState> StateJson => DialogJson.Default.ComplaintState;

    protected override string FirstStep => "category";

    protected override ComplaintState Start(string? arguments) => new();

    /// <summary>
    /// The flow's frame waiting at its first question, with that question said; null when there is
    /// nothing to ask.
    /// </summary>
    public DialogFrame? Begin(ComplaintState state, string locale, TurnReplies replies, string opening)
    {
        var (step, question) = Next(state, locale);
        if (step is null)
        {
            return null;
        }

        replies.Add(question! with { Text = opening + "\n" + question!.Text });
        return new DialogFrame(Id, Version, step, System.Text.Json.JsonSerializer.Serialize(state, StateJson), Interjection: true);
    }

    /// <summary>The category of the case a waiting complaint frame fills in.</summary>
    public static string? CategoryOf(DialogFrame frame) =>
        System.Text.Json.JsonSerializer.Deserialize(frame.State, DialogJson.Default.ComplaintState)?.Category;

    protected override IReadOnlyDictionary<string, Func<StepContext<ComplaintState>, ValueTask<StepResult<ComplaintState>>>> DefineSteps() =>
        new Dictionary<string, Func<StepContext<ComplaintState>, ValueTask<StepResult<ComplaintState>>>>
        {
            ["category"] = CategoryAsync,
            ["order"] = OrderAsync,
            ["photo"] = PhotoAsync,
            ["wish"] = WishAsync,
        };

    private async ValueTask<StepResult<ComplaintState>> CategoryAsync(StepContext<ComplaintState> context)
    {
        var picked = Picked(context, "cat") is { } p && Categories.Contains(p) ? p : ComplaintRules.CategoryOf(context.Text) ?? CaseCategories.Other;
        context.State.Category = picked;
        await ChangeAsync(context, c => c.Category = picked, "category " + picked);
        return await AskAsync(context);
    }

    private async ValueTask<StepResult<ComplaintState>> OrderAsync(StepContext<ComplaintState> context)
    {
        var picked = Picked(context, "order");
        var number = picked is not null && context.State.Orders.Contains(picked) ? picked
            : context.State.Orders.FirstOrDefault(n => context.Text.Contains(n, StringComparison.OrdinalIgnoreCase));
        if (number is not null || picked == "none")
        {
            await ChangeAsync(context, c => c.OrderNumber = number, "order " + (number ?? "none"));
        }

        return await AskAsync(context);
    }

    private async ValueTask<StepResult<ComplaintState>> PhotoAsync(StepContext<ComplaintState> context)
    {
        var e = context.Input.Event;
        if (e.Kind == InboundEventKind.Message && e.ContentType == MessageContentType.Image && context.State.Photos < MaxPhotos)
        {
            if (await KeepPhotoAsync(context) is { } sha)
            {
                context.State.Photos++;
                await ChangeAsync(context, null, null, new CaseEvent { Kind = CaseEventKinds.Photo, Actor = "customer", Reference = sha });
            }

            context.Say(new TextReply(texts.Get(context.Locale, "complaint.photo_received"))
            {
                QuickReplies = [new ReplyAction(texts.Get(context.Locale, "complaint.photo_done"), Prefix + "photo:done")],
            });
            return Wait("photo", context.State);
        }

        return await AskAsync(context);
    }

    private async ValueTask<StepResult<ComplaintState>> WishAsync(StepContext<ComplaintState> context)
    {
        var wish = Picked(context, "wish") is { } p && p is CaseWishes.Replacement or CaseWishes.Refund or CaseWishes.Other ? p : WishOf(context.Text);
        var said = context.Payload is null && context.Text.Trim().Length > 0 ? context.Text.Trim() : null;
        await ChangeAsync(context, c => c.Wish = wish, "wish " + wish + (said is null ? "" : ": " + said));
        return await AskAsync(context);
    }

    /// <summary>The next question, or the closing words and the end.</summary>
    private async ValueTask<StepResult<ComplaintState>> AskAsync(StepContext<ComplaintState> context)
    {
        var (step, question) = Next(context.State, context.Locale);
        if (step is not null)
        {
            context.Say(question!);
            return Wait(step, context.State);
        }

        var closing = texts.Get(context.Locale, "complaint.recorded", ("case", context.State.CaseId.ToString(CultureInfo.InvariantCulture)), ("due", context.State.Due));
        if (context.State.HandOff)
        {
            // A person takes it from here: the bot goes quiet (the basket stays).
            await queue.RequestAsync(context.Input.Event.Conversation, "complaint", "case #" + context.State.CaseId, context.CancellationToken);
            context.Replies.HandToStaff = true;
            context.Say(new TextReply(closing + "\n" + texts.Get(context.Locale, "complaint.staff_now")));
            return End();
        }

        if (context.State.CheckoutWaits)
        {
            closing += "\n" + texts.Get(context.Locale, "complaint.checkout_waits");
        }

        context.Say(new TextReply(closing)
        {
            QuickReplies = [new ReplyAction(texts.Get(context.Locale, "engine.talk_to_staff"), DialogEngine.TalkToStaffPayload), new ReplyAction(texts.Get(context.Locale, "orders.my_orders"), "orders:list")],
        });
        return End();
    }

    private (string? Step, TextReply? Question) Next(ComplaintState state, string locale)
    {
        // Asked once, and only when the words did not say: after it the category is what the shopper said.
        if (state.Category == CaseCategories.Other && !state.CategoryAsked)
        {
            state.CategoryAsked = true;
            return ("category", Question(locale, "complaint.ask_category", Categories.Select(c => (texts.Get(locale, "complaint.pick." + c), "cat:" + c))));
        }

        if (!state.OrderAsked && state.Orders.Count > 1 && state.Category != CaseCategories.Service)
        {
            state.OrderAsked = true;
            return ("order", Question(locale, "complaint.ask_order", state.Orders.Take(3).Select(n => (n, "order:" + n)).Append((texts.Get(locale, "complaint.no_order"), "order:none"))));
        }

        if (!state.PhotoAsked && state.Category is CaseCategories.Damaged or CaseCategories.WrongItem or CaseCategories.Quality)
        {
            state.PhotoAsked = true;
            return ("photo", Question(locale, "complaint.ask_photo", [(texts.Get(locale, "complaint.no_photo"), "photo:none")]));
        }

        if (!state.WishAsked && state.Category is not (CaseCategories.Service or CaseCategories.Other))
        {
            state.WishAsked = true;
            return ("wish", Question(locale, "complaint.ask_wish", new[] { CaseWishes.Replacement, CaseWishes.Refund, CaseWishes.Other }.Select(w => (texts.Get(locale, "complaint.wish." + w), "wish:" + w))));
        }

        return (null, null);
    }

    private TextReply Question(string locale, string key, IEnumerable<(string Label, string Payload)> options) =>
        new(texts.Get(locale, key)) { QuickReplies = options.Select(o => new ReplyAction(o.Label, Prefix + o.Payload, o.Label)).ToList() };

    private static string? Picked(StepContext<ComplaintState> context, string kind) =>
        context.Payload is { } payload && payload.StartsWith(Prefix + kind + ":", StringComparison.Ordinal) ? payload[(Prefix.Length + kind.Length + 1)..] : null;

    private static readonly string[] RefundWords = ["คืนเงิน", "เงินคืน", "รีฟัน", "refund", "money back"];
    private static readonly string[] ReplacementWords = ["เปลี่ยน", "ส่งใหม่", "ชิ้นใหม่", "อันใหม่", "ตัวใหม่", "เคลม", "replace", "new one", "exchange"];

    /// <summary>What the shopper wants, from their own words.</summary>
    public static string WishOf(string text) =>
        RefundWords.Any(w => text.Contains(w, StringComparison.OrdinalIgnoreCase)) ? CaseWishes.Refund
        : ReplacementWords.Any(w => text.Contains(w, StringComparison.OrdinalIgnoreCase)) ? CaseWishes.Replacement
        : CaseWishes.Other;

    private async Task ChangeAsync(StepContext<ComplaintState> context, Action<ServiceCase>? change, string? note, CaseEvent? happened = null)
    {
        if (await cases.FindAsync(context.State.CaseId, context.CancellationToken) is not { } serviceCase || serviceCase.Conversation != context.Input.Event.Conversation.ToString())
        {
            return;
        }

        change?.Invoke(serviceCase);
        await ReassessAsync(context, serviceCase);
        await cases.SaveAsync(serviceCase, happened ?? new CaseEvent { Kind = CaseEventKinds.Note, Actor = "customer", Text = note }, context.CancellationToken);
    }

    /// <summary>
    /// The severity again with what the answers added (the category, the order's value): a case
    /// that became more severe gets the shorter answer time (from when it opened, in working
    /// hours) and, when severe, goes to a person once the questions are done.
    /// </summary>
    private async Task ReassessAsync(StepContext<ComplaintState> context, ServiceCase serviceCase)
    {
        var total = serviceCase.OrderNumber is { } number && await orders.GetAsync(number, context.CancellationToken) is { } order ? order.TotalSatang : 0;
        var severity = ComplaintRules.Severity(serviceCase.Category, context.State.StronglyNegative, total, context.State.Repeat);
        if (severity <= serviceCase.Severity)
        {
            return;
        }

        var options = shop.Value;
        var opened = options.Local(DateTimeOffset.FromUnixTimeMilliseconds(serviceCase.CreatedAtMs));
        var due = ComplaintRules.AddWorkingTime(opened, ComplaintRules.AnswerWithin(severity), options.OpensAt, options.ClosesAt);
        serviceCase.Severity = severity;
        serviceCase.DueAtMs = Math.Min(serviceCase.DueAtMs, due.ToUnixTimeMilliseconds());
        context.State.Due = shopReplies.Time(context.Locale, DateTimeOffset.FromUnixTimeMilliseconds(serviceCase.DueAtMs));
        context.State.HandOff |= severity == CaseSeverity.High;
    }

    /// <summary>The picture, fetched from the platform and stored once by its SHA-256 (as slips are); null when it cannot be read.</summary>
    private async Task<string?> KeepPhotoAsync(StepContext<ComplaintState> context)
    {
        var e = context.Input.Event;
        try
        {
            if (await media.For(e.Channel).PictureAsync(e, MaxPhotoBytes, context.CancellationToken) is { } photo)
            {
                var sha = photo.Sha256();
                await pictures.StoreSlipAsync(sha, photo, context.CancellationToken);
                return sha;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.CancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Complaint photo of case {Case} could not be fetched: {Error}", context.State.CaseId, ex.Message);
        }

        return null;
    }
}
