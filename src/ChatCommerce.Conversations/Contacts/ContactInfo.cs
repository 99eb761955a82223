using ChatCommerce.Domain.Messaging;

namespace ChatCommerce.Conversations.Contacts;

/// <summary>One channel identity of a customer, as far as the conversation needs it.</summary>
/// <param name="ProfileAsked">
/// Not stored: an earlier turn of the same drain asked the platform for the profile and got none
/// (the user has not added the account, or the profile API failed or was slow). The drain's later
/// turns do not ask again; the next drain does.
/// </param>
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
    string? CustomerSegment = null,
    bool ProfileAsked = false);
