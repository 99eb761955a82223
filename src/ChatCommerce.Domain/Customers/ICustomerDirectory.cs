using ChatCommerce.Domain.Cases;
using ChatCommerce.Domain.Orders;

namespace ChatCommerce.Domain.Customers;

/// <summary>Finds customers and what the shop knows of them; staff's edits (tags, notes, birthday).</summary>
public interface ICustomerDirectory
{
    /// <summary>
    /// Customers, most recently active first. <paramref name="query"/> matches a name (part of it,
    /// any case), a phone number (digits, from the start) or a platform user id (exactly); merged
    /// customers are left out (their identities are on the one they were merged into).
    /// </summary>
    Task<IReadOnlyList<CustomerCard>> SearchAsync(CustomerQuery query, CancellationToken cancellationToken);

    /// <summary>The customer with identities, phones, addresses and tags; null when unknown.</summary>
    Task<CustomerCard?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>The customer of a channel identity; null when the identity is unknown.</summary>
    Task<string?> IdOfAsync(string channel, string userId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Touchpoint>> TouchpointsAsync(string id, int skip, int take, CancellationToken cancellationToken);

    /// <summary>Every order placed by any of the customer's identities, newest first.</summary>
    Task<IReadOnlyList<Order>> OrdersAsync(string id, int max, CancellationToken cancellationToken);

    /// <summary>Every complaint case of any of the customer's identities, newest first.</summary>
    Task<IReadOnlyList<ServiceCase>> CasesAsync(string id, int max, CancellationToken cancellationToken);

    /// <summary>Customers per segment, with their lifetime value (merged customers left out).</summary>
    Task<IReadOnlyList<SegmentSize>> SegmentSizesAsync(CancellationToken cancellationToken);

    /// <summary>How many customers moved from one segment to another since then (their latest move).</summary>
    Task<IReadOnlyList<SegmentMove>> MovesSinceAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Replaces the tags; false when the customer is unknown.</summary>
    Task<bool> SetTagsAsync(string id, IReadOnlyCollection<string> tags, CancellationToken cancellationToken);

    /// <summary>Changes what is given (null leaves a field as it is, "" clears it); false when the customer is unknown.</summary>
    Task<bool> UpdateAsync(string id, string? notes, string? birthday, CancellationToken cancellationToken);
}

public sealed record SegmentSize(string Segment, int Customers, long LifetimeValueSatang);

public sealed record SegmentMove(string From, string To, int Customers);

/// <param name="Query">Name, phone or platform user id.</param>
public sealed record CustomerQuery(string? Query, string? Tag, string? Segment, int Skip, int Take);

/// <summary>A customer as staff and the owner see them.</summary>
public sealed record CustomerCard(
    Customer Customer,
    IReadOnlyList<CustomerIdentity> Identities,
    IReadOnlyList<CustomerPhone> Phones,
    IReadOnlyList<CustomerAddress> Addresses,
    IReadOnlyList<string> Tags);

/// <summary>One channel identity of a customer.</summary>
public sealed record CustomerIdentity(string Channel, string UserId, string? DisplayName, bool IsFollowing, DateTimeOffset FirstSeenAt, DateTimeOffset? LastMessageAt);

/// <summary>A message in or out, or an order placed, on the customer's record.</summary>
public sealed record Touchpoint(
    long Id,
    DateTimeOffset At,
    string Channel,
    string Direction,
    string Kind,
    string? Text,
    string? Intent,
    double? IntentConfidence,
    string? Sentiment,
    double? SentimentScore,
    string? OrderNumber,
    string? Outcome);

/// <summary>Tags as staff type them, made comparable: trimmed, lower case, letters, digits, '-' and '_' only.</summary>
public static class CustomerTags
{
    public const int MaxLength = 40;

    public const int MaxPerCustomer = 30;

    public static string? Normalise(string? tag)
    {
        var text = tag?.Trim().ToLowerInvariant();
        return text is { Length: > 0 and <= MaxLength } && text.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' || System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark)
            ? text
            : null;
    }
}
