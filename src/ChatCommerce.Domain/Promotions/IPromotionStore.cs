namespace ChatCommerce.Domain.Promotions;

/// <summary>A promotion as stored: how many orders used it, and when it was made and last changed.</summary>
public sealed record StoredPromotion(Promotion Promotion, int Uses, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public enum PromotionSave
{
    Saved,
    NotFound,

    /// <summary>Another promotion has the id (on create) or the voucher code.</summary>
    Taken,
}

/// <summary>The shop's promotions: the owner's changes, and the compiled book pricing reads.</summary>
public interface IPromotionStore
{
    Task<IReadOnlyList<StoredPromotion>> ListAsync(CancellationToken cancellationToken);

    Task<StoredPromotion?> GetAsync(string id, CancellationToken cancellationToken);

    Task<PromotionSave> AddAsync(Promotion promotion, CancellationToken cancellationToken);

    Task<PromotionSave> ReplaceAsync(Promotion promotion, CancellationToken cancellationToken);

    /// <summary>Deletes it; orders that used it keep its name and what it took off.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);

    /// <summary>Every promotion, compiled; shared and read again after a change (here at once, from other instances within seconds).</summary>
    Task<PromotionBook> BookAsync(CancellationToken cancellationToken);

    /// <summary>How often the book's capped promotions were used, in all and by this customer.</summary>
    Task<PromotionUsage> UsageAsync(PromotionBook book, string? customerId, CancellationToken cancellationToken);
}
