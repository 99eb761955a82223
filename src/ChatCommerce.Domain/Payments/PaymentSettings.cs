namespace ChatCommerce.Domain.Payments;

/// <summary>
/// Configuration section <c>ChatCommerce:Payments</c>: how the shop takes money. The owner API can
/// replace the shop's part of it (<see cref="PaymentSettings"/>); the Stripe keys and the
/// slip-verification provider stay in configuration (secrets).
/// </summary>
public sealed class PaymentOptions
{
    public const string Section = "ChatCommerce:Payments";

    /// <summary>Mobile number, national or tax id, or e-wallet id. Setting it enables PromptPay.</summary>
    public string PromptPayId { get; set; } = "";

    /// <summary>Hours a shopper has to pay before the order is cancelled and its stock released.</summary>
    public int DeadlineHours { get; set; } = 24;

    /// <summary>How long before the deadline the reminder goes out.</summary>
    public int ReminderHoursBefore { get; set; } = 6;

    /// <summary>The methods shown, in order; empty: every method that is set up.</summary>
    public List<string> Methods { get; set; } = [];

    public TransferAccount Transfer { get; set; } = new();

    public CashOnDeliveryRules Cod { get; set; } = new();

    public StripeOptions Stripe { get; set; } = new();

    public SlipVerificationOptions SlipVerification { get; set; } = new();

    /// <summary>The shop's part, as the owner API shows it.</summary>
    public PaymentSettings ToSettings() => new(PromptPayId, Methods.ToList(), Transfer, Cod, DeadlineHours, ReminderHoursBefore);
}

/// <summary>A bank account shoppers transfer to. All three set: transfer is offered.</summary>
public sealed record TransferAccount
{
    public string BankName { get; init; } = "";

    public string AccountNumber { get; init; } = "";

    public string AccountName { get; init; } = "";

    public bool IsSet => BankName.Length > 0 && AccountNumber.Length > 0 && AccountName.Length > 0;
}

/// <summary>Cash on delivery: offered for totals from the minimum to the maximum, with a fee added.</summary>
public sealed record CashOnDeliveryRules
{
    public bool Enabled { get; init; } = true;

    /// <summary>Smallest order total (before the fee) taken on delivery, in satang.</summary>
    public long MinSatang { get; init; }

    /// <summary>Largest order total (before the fee) taken on delivery; null: no limit.</summary>
    public long? MaxSatang { get; init; }

    /// <summary>Added to the total of an order paid on delivery, in satang.</summary>
    public long FeeSatang { get; init; }

    public bool Allows(long totalSatang) => Enabled && totalSatang >= MinSatang && (MaxSatang is not { } max || totalSatang <= max);
}

/// <summary>Stripe Checkout (card and PromptPay through Stripe). Setting the secret key enables card.</summary>
public sealed class StripeOptions
{
    public string SecretKey { get; set; } = "";

    /// <summary>The endpoint's signing secret (<c>whsec_…</c>) that <c>Stripe-Signature</c> is checked with.</summary>
    public string WebhookSecret { get; set; } = "";

    public string ApiBase { get; set; } = "https://api.stripe.com";

    /// <summary>Payment method types the Checkout page may offer (a filter on what the Stripe account has on); empty: all of them.</summary>
    public List<string> PaymentMethodTypes { get; set; } = ["card", "promptpay"];
}

/// <summary>An HTTP slip-verification provider; without a URL, staff check every slip.</summary>
public sealed class SlipVerificationOptions
{
    /// <summary>Where slips are posted (multipart, field <c>slip</c>); empty: no provider.</summary>
    public string Url { get; set; } = "";

    public string ApiKey { get; set; } = "";

    /// <summary>A slip the provider verified (amount, receiver, unused) confirms the payment without staff.</summary>
    public bool ConfirmVerified { get; set; } = true;

    public int TimeoutSeconds { get; set; } = 10;
}

/// <summary>The shop's payment settings: what the owner API reads and writes.</summary>
public sealed record PaymentSettings(
    string PromptPayId,
    IReadOnlyList<string> Methods,
    TransferAccount Transfer,
    CashOnDeliveryRules Cod,
    int DeadlineHours,
    int ReminderHoursBefore)
{
    /// <summary>The methods a shopper can choose now, in the shop's order.</summary>
    public IReadOnlyList<string> Available(bool cardConfigured)
    {
        var wanted = Methods.Count > 0 ? Methods : PaymentMethods.All;
        return wanted.Distinct().Where(m => m switch
        {
            PaymentMethods.PromptPay => PromptPay.TryParseId(PromptPayId, out _, out _),
            PaymentMethods.Transfer => Transfer.IsSet,
            PaymentMethods.Card => cardConfigured,
            PaymentMethods.CashOnDelivery => Cod.Enabled,
            _ => false,
        }).ToList();
    }

    public TimeSpan Deadline => TimeSpan.FromHours(DeadlineHours);

    public TimeSpan ReminderBefore => TimeSpan.FromHours(ReminderHoursBefore);
}

/// <summary>Reads the shop's payment settings (stored ones over configured ones) and replaces them.</summary>
public interface IPaymentSettingsStore
{
    Task<PaymentSettings> GetAsync(CancellationToken cancellationToken);

    Task SaveAsync(PaymentSettings settings, CancellationToken cancellationToken);
}
