using ChatCommerce.Domain.Messaging;

namespace ChatCommerce.Conversations.Contacts;

/// <summary>One channel identity of a customer, as far as the conversation needs it.</summary>
public sealed record ContactInfo(
    Channel Channel,
    string UserId,
    string? DisplayName,
    string? Language,
    DateTimeOffset? LastUserMessageAt,
    bool IsFollowing,
    bool HasProfile,
    string? CustomerId = null,
    int CustomerOrders = 0,
    string? CustomerTier = null,
    string? CustomerSegment = null);
