using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Orders;
using ChatCommerce.Domain.Promotions;
using Microsoft.EntityFrameworkCore;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>Baskets in <c>basket_activity</c>, one row per conversation with a basket (written by the turn store, see <see cref="BasketChange"/>).</summary>
public sealed class EfBasketActivity(ChatCommerceDbContext db) : IBasketActivity
{
    public async Task<IReadOnlyList<BasketActivity>> LeftAsync(DateTimeOffset changedBefore, DateTimeOffset changedAfter, int max, CancellationToken cancellationToken)
    {
        var before = changedBefore.ToUnixTimeMilliseconds();
        var after = changedAfter.ToUnixTimeMilliseconds();
        return await db.BasketActivity.AsNoTracking()
            .Where(b => b.UpdatedAtMs <= before && b.UpdatedAtMs >= after && (b.RemindedKey == null || b.RemindedKey != b.ContentKey))
            .OrderBy(b => b.UpdatedAtMs).Take(max).ToListAsync(cancellationToken);
    }

    public async Task<bool> RemindAsync(string conversation, string contentKey, DateTimeOffset at, CancellationToken cancellationToken) =>
        await db.BasketActivity.Where(b => b.Conversation == conversation && b.ContentKey == contentKey && (b.RemindedKey == null || b.RemindedKey != contentKey))
            .ExecuteUpdateAsync(u => u.SetProperty(b => b.RemindedKey, contentKey).SetProperty(b => b.RemindedAtMs, at.ToUnixTimeMilliseconds()), cancellationToken) > 0;

    public async Task<bool> RemindedSinceAsync(string customerId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var from = since.ToUnixTimeMilliseconds();
        return await db.BasketActivity.AnyAsync(b => b.CustomerId == customerId && b.RemindedAtMs >= from, cancellationToken);
    }
}
