namespace ChatCommerce.Domain.Customers;

/// <summary>What the bot may know of the customer it talks to: to greet, offer a past basket again, recommend, ask consent.</summary>
public interface ICustomerInsights
{
    Task<CustomerGlance?> GlanceAsync(string customerId, CancellationToken cancellationToken);

    /// <summary>
    /// Products to suggest, best first, each active and in stock: bought together with what the
    /// customer bought (co-purchases across all orders), then others of the categories they buy
    /// from, then the shop's best sellers; never what they already bought.
    /// </summary>
    Task<IReadOnlyList<string>> RecommendedSkusAsync(string customerId, int max, CancellationToken cancellationToken);

    /// <summary>Whether an order (by number) was placed by one of the customer's identities.</summary>
    Task<bool> OwnsOrderAsync(string customerId, string orderNumber, CancellationToken cancellationToken);

    /// <summary>Records a consent answer, a withdrawal, or that it was asked; inside the caller's transaction when there is one.</summary>
    Task RecordConsentAsync(string customerId, string status, string channel, string? wording, CancellationToken cancellationToken);
}

/// <param name="LastOrderNumber">The latest order that was not cancelled (what "buy again" offers).</param>
public sealed record CustomerGlance(string Id, string? DisplayName, int OrderCount, string? Tier, string Segment, string? Consent, string? LastOrderNumber);

/// <summary>Marketing consent's states. Persisted as these names.</summary>
public static class ConsentStatuses
{
    public const string Asked = "asked";
    public const string Granted = "granted";
    public const string Declined = "declined";
    public const string Withdrawn = "withdrawn";

    /// <summary>Only a "yes" given and not taken back allows promotional messages.</summary>
    public static bool AllowsMarketing(string? status) => status == Granted;
}
