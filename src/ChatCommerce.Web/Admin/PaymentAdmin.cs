using System.ComponentModel;
using ChatCommerce.Dialogs.Payments;
using ChatCommerce.Domain.Orders;
using ChatCommerce.Domain.Payments;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatCommerce.Web.Admin;

/// <summary>
/// The owner API's payments: every attempt of an order with its evidence and history, staff
/// confirming or rejecting a payment, the queue of slips to check, the slip pictures, the order's
/// history, and the shop's payment settings.
/// </summary>
public static class PaymentAdmin
{
    public static void MapPaymentApi(RouteGroupBuilder api)
    {
        var orders = api.MapGroup("/orders/{number}").WithTags("Payments");
        orders.MapGet("/payments", ListForOrderAsync).WithSummary("Every payment attempt of the order, oldest first: method, amount, status, evidence (slip, provider reference, PromptPay payload) and history.");
        orders.MapPost("/payments/{id:long}/confirm", ConfirmAsync).WithSummary("Accept a payment (a checked slip): the order is paid and the shopper gets a receipt in chat. A payment of another amount, or a reused slip, is refused.");
        orders.MapPost("/payments/{id:long}/reject", RejectAsync).WithSummary("Refuse a payment with a reason the shopper is told; the order waits for a right one.");
        orders.MapGet("/history", HistoryAsync).WithTags("Orders").WithSummary("Every change of the order: status, payment state, who, when and why.");

        var payments = api.MapGroup("/payments").WithTags("Payments");
        payments.MapGet("/", ListAsync).WithSummary("Payment attempts of every order, oldest first, optionally of one status (verifying: the slips staff should check).");
        payments.MapGet("/{id:long}/slip", SlipAsync).WithSummary("The slip picture the shopper sent for a payment.");

        var settings = api.MapGroup("/settings/payments").WithTags("Settings");
        settings.MapGet("/", GetSettingsAsync).WithSummary("How the shop takes money: PromptPay id, enabled methods, bank account, cash on delivery rules, deadline.");
        settings.MapPut("/", PutSettingsAsync).WithSummary("Replace the payment settings (Stripe keys stay in configuration).");
    }

    private static async Task<Results<Ok<List<PaymentView>>, ProblemHttpResult>> ListForOrderAsync(IOrderStore orders, IPaymentStore payments, string number, CancellationToken cancellationToken)
    {
        if (await orders.GetAsync(number, cancellationToken) is not { } order)
        {
            return NotFound("order", number);
        }

        return TypedResults.Ok((await payments.ForOrderAsync(order.Id, cancellationToken)).Select(PaymentView.Of).ToList());
    }

    private static async Task<Results<Ok<PaymentDecisionView>, ProblemHttpResult>> ConfirmAsync(PaymentDesk desk, string number, long id, CancellationToken cancellationToken) =>
        Answer(await desk.ConfirmAsync(number, id, cancellationToken));

    private static async Task<Results<Ok<PaymentDecisionView>, ValidationProblem, ProblemHttpResult>> RejectAsync(PaymentDesk desk, string number, long id, RejectInput input, CancellationToken cancellationToken)
    {
        if (input.Reason?.Trim() is not { Length: >= 2 and <= 300 } reason)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["The reason the shopper is told: 2–300 characters."] });
        }

        return Answer(await desk.RejectAsync(number, id, reason, cancellationToken)).Result switch
        {
            Ok<PaymentDecisionView> ok => ok,
            ProblemHttpResult problem => problem,
            var other => throw new InvalidOperationException(other.GetType().Name),
        };
    }

    private static async Task<Results<Ok<List<OrderHistoryView>>, ProblemHttpResult>> HistoryAsync(IOrderStore orders, string number, CancellationToken cancellationToken) =>
        await orders.GetAsync(number, cancellationToken) is { } order
            ? TypedResults.Ok((await orders.HistoryAsync(order.Id, cancellationToken)).Select(h => new OrderHistoryView(h.Status, h.PaymentState, h.Actor, h.Note, DateTimeOffset.FromUnixTimeMilliseconds(h.AtMs))).ToList())
            : NotFound("order", number);

    private static async Task<Results<Ok<List<PaymentView>>, ValidationProblem>> ListAsync(IPaymentStore payments, string? status, int? skip, int? take, CancellationToken cancellationToken)
    {
        PaymentStatus? wanted = null;
        if (status is not null)
        {
            if (!Enum.TryParse<PaymentStatus>(status, ignoreCase: true, out var parsed) || int.TryParse(status, out _))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = [$"One of {string.Join(", ", Enum.GetNames<PaymentStatus>().Select(n => n.ToLowerInvariant()))}."] });
            }

            wanted = parsed;
        }

        if (AdminEndpoints.PageProblem(skip, take) is { } paging)
        {
            return paging;
        }

        return TypedResults.Ok((await payments.ListAsync(wanted, skip ?? 0, take ?? 50, cancellationToken)).Select(PaymentView.Of).ToList());
    }

    private static async Task<IResult> SlipAsync(IPaymentStore payments, long id, CancellationToken cancellationToken)
    {
        if (await payments.GetAsync(id, cancellationToken) is not { SlipSha256: { } sha } || await payments.SlipAsync(sha, cancellationToken) is not { } slip)
        {
            return NotFound("slip", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        // A shopper's upload: served as the image it claims to be, never sniffed into something else.
        var type = slip.ContentType.StartsWith("image/", StringComparison.OrdinalIgnoreCase) && !slip.ContentType.Contains("svg", StringComparison.OrdinalIgnoreCase) ? slip.ContentType : "application/octet-stream";
        return Results.File(slip.Bytes, type);
    }

    private static async Task<Ok<PaymentSettingsView>> GetSettingsAsync(IPaymentSettingsStore store, PaymentDesk desk, CancellationToken cancellationToken) =>
        TypedResults.Ok(PaymentSettingsView.Of(await store.GetAsync(cancellationToken), desk.CardReady));

    private static async Task<Results<Ok<PaymentSettingsView>, ValidationProblem>> PutSettingsAsync(IPaymentSettingsStore store, PaymentDesk desk, Domain.Staff.IAuditLog audit, PaymentSettingsInput input, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var promptPay = input.PromptPayId?.Trim() ?? "";
        if (promptPay.Length > 0 && !PromptPay.TryParseId(promptPay, out _, out _))
        {
            errors["promptPayId"] = ["A mobile number (0812345678), a 13-digit national or tax id, or a 15-digit e-wallet id; empty to turn PromptPay off."];
        }

        var methods = input.Methods ?? [];
        if (methods.Any(m => !PaymentMethods.All.Contains(m)) || methods.Distinct().Count() != methods.Count)
        {
            errors["methods"] = [$"Each at most once, of {string.Join(", ", PaymentMethods.All)}; empty: every method that is set up."];
        }

        var transfer = input.Transfer ?? new TransferAccount();
        if (transfer.BankName.Length > 100 || transfer.AccountNumber.Length > 40 || transfer.AccountName.Length > 100)
        {
            errors["transfer"] = ["Bank name and account name up to 100 characters, account number up to 40."];
        }

        var cod = input.Cod ?? new CashOnDeliveryRules();
        if (cod.MinSatang < 0 || cod.MaxSatang < cod.MinSatang || cod.FeeSatang is < 0 or > 100_000_00)
        {
            errors["cod"] = ["minSatang ≥ 0, maxSatang ≥ minSatang (or null for no limit), feeSatang from 0 to 10,000,000 (฿100,000)."];
        }

        var deadline = input.DeadlineHours ?? 24;
        var reminder = input.ReminderHoursBefore ?? 6;
        if (deadline is < 1 or > 168 || reminder < 0 || reminder >= deadline)
        {
            errors["deadlineHours"] = ["deadlineHours from 1 to 168; reminderHoursBefore from 0 to less than the deadline."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var settings = new PaymentSettings(promptPay, methods, transfer with { BankName = transfer.BankName.Trim(), AccountNumber = transfer.AccountNumber.Trim(), AccountName = transfer.AccountName.Trim() }, cod, deadline, reminder);
        await store.SaveAsync(settings, cancellationToken);
        await audit.AppendAsync("api", Domain.Staff.AuditActions.SettingChanged, "settings:payments",
            $"promptpay {(promptPay.Length > 0 ? "on" : "off")}; methods {string.Join(',', methods)}; cod {cod.MinSatang}-{cod.MaxSatang} fee {cod.FeeSatang}; deadline {deadline} h", cancellationToken);
        return TypedResults.Ok(PaymentSettingsView.Of(settings, desk.CardReady));
    }

    private static Results<Ok<PaymentDecisionView>, ProblemHttpResult> Answer(PaymentDecision decision) => decision.Outcome switch
    {
        PaymentOutcome.NotFound => TypedResults.Problem(title: "No such payment", detail: decision.Problem, statusCode: StatusCodes.Status404NotFound),
        PaymentOutcome.Conflict => TypedResults.Problem(title: "Not allowed for this payment", detail: decision.Problem, statusCode: StatusCodes.Status409Conflict),
        _ => TypedResults.Ok(new PaymentDecisionView(
            decision.Outcome == PaymentOutcome.AlreadyDone,
            PaymentView.Of(decision.Attempt!),
            OrderView.Of(decision.Order!),
            decision.CustomerNotified)),
    };

    private static ProblemHttpResult NotFound(string what, string id) =>
        TypedResults.Problem(title: $"No such {what}", detail: id, statusCode: StatusCodes.Status404NotFound);
}

public sealed record PaymentHistoryView(string Status, string Actor, string? Note, DateTimeOffset At);

/// <summary>A payment attempt. Money in satang; <see cref="Payload"/> is the PromptPay EMVCo string the QR encodes.</summary>
public sealed record PaymentView(
    long Id,
    string OrderNumber,
    [property: Description("promptpay, transfer, card or cod.")] string Method,
    long AmountSatang,
    [property: Description("What the slip or the provider says arrived, when known.")] long? ReceivedSatang,
    [property: Description("pending, verifying, confirmed, rejected, mismatch, duplicate or expired.")] string Status,
    string? Payload,
    [property: Description("The Stripe Checkout Session, or the slip's transaction reference.")] string? Reference,
    string? PayUrl,
    [property: Description("The slip picture (needs the owner key).")] string? SlipUrl,
    string? SlipSha256,
    string? Note,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<PaymentHistoryView> History)
{
    public static PaymentView Of(PaymentAttempt p) => new(
        p.Id, p.OrderNumber, p.Method, p.AmountSatang, p.ReceivedSatang, Name(p.Status), p.Payload, p.Reference, p.PayUrl,
        p.SlipSha256 is null ? null : $"/api/v1/payments/{p.Id}/slip", p.SlipSha256, p.Note,
        DateTimeOffset.FromUnixTimeMilliseconds(p.CreatedAtMs), DateTimeOffset.FromUnixTimeMilliseconds(p.UpdatedAtMs),
        p.History.OrderBy(h => h.Id).Select(h => new PaymentHistoryView(Name(h.Status), h.Actor, h.Note, DateTimeOffset.FromUnixTimeMilliseconds(h.AtMs))).ToList());

    public static string Name(PaymentStatus status) => status.ToString().ToLowerInvariant();
}

public sealed record PaymentDecisionView(bool AlreadyDone, PaymentView Payment, OrderView Order, [property: Description("What became of the message to the shopper (Replied, Pushed, Queued …).")] string? CustomerNotified);

public sealed record RejectInput([property: Description("Why, in words the shopper reads: \"the slip is for ฿500\".")] string? Reason);

public sealed record OrderHistoryView(OrderStatus Status, PaymentState PaymentState, string Actor, string? Note, DateTimeOffset At);

/// <summary>The shop's payment settings as the API shows them, with what a shopper can choose now.</summary>
public sealed record PaymentSettingsView(
    string PromptPayId,
    IReadOnlyList<string> Methods,
    [property: Description("The methods a shopper can choose now: enabled and set up.")] IReadOnlyList<string> Available,
    TransferAccount Transfer,
    CashOnDeliveryRules Cod,
    int DeadlineHours,
    int ReminderHoursBefore,
    [property: Description("Card can be offered: a Stripe secret key (ChatCommerce:Payments:Stripe:SecretKey) and the shop's public address (ChatCommerce:Shop:PublicBaseUrl) for the payment link.")] bool CardConfigured)
{
    public static PaymentSettingsView Of(PaymentSettings s, bool card) =>
        new(s.PromptPayId, s.Methods, s.Available(card), s.Transfer, s.Cod, s.DeadlineHours, s.ReminderHoursBefore, card);
}

public sealed record PaymentSettingsInput(
    [property: Description("Mobile number, national/tax id or e-wallet id; empty turns PromptPay off.")] string? PromptPayId,
    [property: Description("Methods to offer, in order (promptpay, transfer, card, cod); empty: every method that is set up.")] List<string>? Methods,
    TransferAccount? Transfer,
    CashOnDeliveryRules? Cod,
    int? DeadlineHours,
    int? ReminderHoursBefore);
