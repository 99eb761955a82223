namespace ChatCommerce.Domain.Payments;

/// <summary>How a shopper pays. Persisted and shown in the owner API as these lower-case names.</summary>
public static class PaymentMethods
{
    /// <summary>A PromptPay QR for the exact amount, then the transfer slip.</summary>
    public const string PromptPay = "promptpay";

    /// <summary>A transfer to the shop's bank account, then the slip.</summary>
    public const string Transfer = "transfer";

    /// <summary>Card or PromptPay on a Stripe Checkout page.</summary>
    public const string Card = "card";

    /// <summary>Cash on delivery.</summary>
    public const string CashOnDelivery = "cod";

    /// <summary>Nothing to pay: a replacement sent after a complaint (never offered to shoppers).</summary>
    public const string NoCharge = "none";

    public static readonly IReadOnlyList<string> All = [PromptPay, Transfer, Card, CashOnDelivery];

    /// <summary>Methods whose money arrives as a transfer the shopper proves with a slip.</summary>
    public static bool TakesSlip(string method) => method is PromptPay or Transfer;
}

/// <summary>Where one payment attempt stands. Persisted as its name.</summary>
public enum PaymentStatus
{
    /// <summary>Offered (QR, account, card link); no money or slip yet.</summary>
    Pending,

    /// <summary>A slip came in; staff (or the verification provider) have not decided.</summary>
    Verifying,

    /// <summary>The money is in: the order is paid.</summary>
    Confirmed,

    /// <summary>Staff refused it, with a reason the shopper was told.</summary>
    Rejected,

    /// <summary>The amount is not the order's total: kept for staff, never marked paid.</summary>
    Mismatch,

    /// <summary>A slip already used for another payment: flagged, never accepted.</summary>
    Duplicate,

    /// <summary>The order's deadline passed, or the provider reported it failed.</summary>
    Expired,
}

/// <summary>One way the shopper tried (or was offered a way) to pay an order, with its evidence.</summary>
public sealed class PaymentAttempt
{
    public long Id { get; set; }

    public long OrderId { get; set; }

    public string OrderNumber { get; set; } = "";

    /// <summary>One of <see cref="PaymentMethods"/>.</summary>
    public string Method { get; set; } = "";

    /// <summary>What the attempt should bring: the order's total when it was made, in satang.</summary>
    public long AmountSatang { get; set; }

    /// <summary>What the provider or the slip says arrived, when known.</summary>
    public long? ReceivedSatang { get; set; }

    public PaymentStatus Status { get; set; }

    /// <summary>PromptPay: the exact EMVCo payload the QR encodes.</summary>
    public string? Payload { get; set; }

    /// <summary>Provider reference: the Stripe Checkout Session id, or the slip's transaction reference.</summary>
    public string? Reference { get; set; }

    /// <summary>Where the shopper pays (the Stripe Checkout page), once the shopper opened the link.</summary>
    public string? PayUrl { get; set; }

    /// <summary>When the page at <see cref="PayUrl"/> stops taking payment (a Checkout Session expires).</summary>
    public long? PayUrlExpiresAtMs { get; set; }

    /// <summary>An unguessable name for the attempt's public QR picture.</summary>
    public string PublicToken { get; set; } = "";

    /// <summary>The slip picture's SHA-256 (hex): the same picture twice is the same slip.</summary>
    public string? SlipSha256 { get; set; }

    public string? SlipContentType { get; set; }

    /// <summary>Why it was rejected, flagged or expired; what the provider said.</summary>
    public string? Note { get; set; }

    public long CreatedAtMs { get; set; }

    public long UpdatedAtMs { get; set; }

    public List<PaymentHistoryEntry> History { get; set; } = [];

    /// <summary>Settled for good: nothing moves it any more.</summary>
    public bool IsFinal => Status is PaymentStatus.Confirmed or PaymentStatus.Rejected or PaymentStatus.Duplicate or PaymentStatus.Expired;
}

/// <summary>A change of a payment attempt: what it became, who did it, when, and why.</summary>
public sealed class PaymentHistoryEntry
{
    public long Id { get; set; }

    public long PaymentId { get; set; }

    public PaymentStatus Status { get; set; }

    /// <summary>"shopper", "staff", "stripe", "verifier", "system".</summary>
    public string Actor { get; set; } = "";

    public string? Note { get; set; }

    public long AtMs { get; set; }
}
