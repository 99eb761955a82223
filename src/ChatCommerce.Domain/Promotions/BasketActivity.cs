using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Orders;

namespace ChatCommerce.Domain.Promotions;

/// <summary>
/// A conversation's basket as the reminder job sees it: what is in it (its content key), when it
/// last changed, and whether a reminder already went for this content.
/// </summary>
public sealed class BasketActivity
{
    public string Conversation { get; set; } = "";

    public string? CustomerId { get; set; }

    public string Locale { get; set; } = "th";

    public string ContentKey { get; set; } = "";

    public int Items { get; set; }

    public long UpdatedAtMs { get; set; }

    public long? RemindedAtMs { get; set; }

    /// <summary>The content reminded about: the same basket is reminded of once.</summary>
    public string? RemindedKey { get; set; }
}

/// <summary>
/// A turn changed its conversation's basket: the reminder job's row is kept (its reminder state
/// stays), or forgotten when the basket is empty. Written with the turn's commit, like its
/// touchpoints, so a basket turn needs no transaction of its own.
/// </summary>
public sealed record BasketChange(string Conversation, string? CustomerId, string Locale, string ContentKey, int Items, long AtMs, bool Emptied)
{
    public static BasketChange Of(ConversationKey conversation, string? customerId, string locale, Basket basket, DateTimeOffset at) =>
        new(conversation.ToString(), customerId, locale, basket.ContentKey(), basket.ItemCount, at.ToUnixTimeMilliseconds(), basket.IsEmpty);
}

/// <summary>Baskets left without an order, for the reminder job.</summary>
public interface IBasketActivity
{

    /// <summary>Baskets last changed in this span and not yet reminded of, oldest first.</summary>
    Task<IReadOnlyList<BasketActivity>> LeftAsync(DateTimeOffset changedBefore, DateTimeOffset changedAfter, int max, CancellationToken cancellationToken);

    /// <summary>Marks the reminder for this content, inside the caller's transaction; false when it was marked already.</summary>
    Task<bool> RemindAsync(string conversation, string contentKey, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Whether this customer (any of their chats) was reminded since then.</summary>
    Task<bool> RemindedSinceAsync(string customerId, DateTimeOffset since, CancellationToken cancellationToken);
}
