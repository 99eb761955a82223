using ChatCommerce.Domain.Promotions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>Promotions in the relational database; the compiled book comes from <see cref="PromotionBookCache"/>.</summary>
public sealed class EfPromotionStore(ChatCommerceDbContext db, DbWrites writes, PromotionBookCache cache, TimeProvider clock) : IPromotionStore
{
    public async Task<IReadOnlyList<StoredPromotion>> ListAsync(CancellationToken cancellationToken)
    {
        var rows = await db.Promotions.AsNoTracking().ToListAsync(cancellationToken);
        var uses = await db.OrderPromotions.AsNoTracking().Where(u => !u.Released).GroupBy(u => u.PromotionId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return [.. rows.Select(r => Stored(r, uses.GetValueOrDefault(r.Id))).OrderByDescending(p => p.Promotion.Priority).ThenBy(p => p.Promotion.Id, StringComparer.Ordinal)];
    }

    public async Task<StoredPromotion?> GetAsync(string id, CancellationToken cancellationToken) =>
        await db.Promotions.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken) is { } row
            ? Stored(row, await db.OrderPromotions.CountAsync(u => u.PromotionId == id && !u.Released, cancellationToken))
            : null;

    public async Task<PromotionSave> AddAsync(Promotion promotion, CancellationToken cancellationToken)
    {
        var code = CodeOf(promotion);
        if (await db.Promotions.AnyAsync(p => p.Id == promotion.Id || (code != null && p.Code == code), cancellationToken))
        {
            return PromotionSave.Taken;
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var transaction = await writes.BeginAsync(cancellationToken);
        var row = new PromotionRecord { Id = promotion.Id, CreatedAtMs = now };
        Fill(row, promotion, now);
        db.Promotions.Add(row);
        return await SaveAsync(transaction, cancellationToken);
    }

    public async Task<PromotionSave> ReplaceAsync(Promotion promotion, CancellationToken cancellationToken)
    {
        var code = CodeOf(promotion);
        if (code is not null && await db.Promotions.AnyAsync(p => p.Code == code && p.Id != promotion.Id, cancellationToken))
        {
            return PromotionSave.Taken;
        }

        await using var transaction = await writes.BeginAsync(cancellationToken);
        if (await db.Promotions.FirstOrDefaultAsync(p => p.Id == promotion.Id, cancellationToken) is not { } row)
        {
            return PromotionSave.NotFound;
        }

        Fill(row, promotion, clock.GetUtcNow().ToUnixTimeMilliseconds());
        return await SaveAsync(transaction, cancellationToken);
    }

    private async Task<PromotionSave> SaveAsync(WriteTransaction transaction, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same id or code saved by someone else meanwhile.
            db.ChangeTracker.Clear();
            return PromotionSave.Taken;
        }

        cache.Changed();
        return PromotionSave.Saved;
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var transaction = await writes.BeginAsync(cancellationToken);
        var deleted = await db.Promotions.Where(p => p.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
        await transaction.CommitAsync(cancellationToken);
        cache.Changed();
        return deleted;
    }

    public async Task<PromotionBook> BookAsync(CancellationToken cancellationToken) => await cache.BookAsync(cancellationToken);

    public async Task<PromotionUsage> UsageAsync(PromotionBook book, string? customerId, CancellationToken cancellationToken)
    {
        var capped = book.Promotions.Where(p => p.MaxUses is not null).Select(p => p.Id).ToList();
        var perCustomer = customerId is null ? [] : book.Promotions.Where(p => p.MaxUsesPerCustomer is not null).Select(p => p.Id).ToList();
        if (capped.Count == 0 && perCustomer.Count == 0)
        {
            return PromotionUsage.None;
        }

        var total = capped.Count == 0 ? [] : await db.OrderPromotions.AsNoTracking()
            .Where(u => !u.Released && capped.Contains(u.PromotionId))
            .GroupBy(u => u.PromotionId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var mine = perCustomer.Count == 0 ? [] : await db.OrderPromotions.AsNoTracking()
            .Where(u => u.CustomerId == customerId && !u.Released && perCustomer.Contains(u.PromotionId))
            .GroupBy(u => u.PromotionId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return new PromotionUsage(total, mine);
    }

    internal static string? CodeOf(Promotion promotion) =>
        promotion.Kind == PromotionKinds.Voucher && promotion.Code is { } code ? Promotion.NormalizeCode(code) : null;

    private static void Fill(PromotionRecord row, Promotion promotion, long now)
    {
        row.Kind = promotion.Kind;
        row.Active = promotion.Active;
        row.Code = CodeOf(promotion);
        row.Definition = PromotionJson.Write(promotion);
        row.UpdatedAtMs = now;
    }

    private static StoredPromotion Stored(PromotionRecord row, int uses) =>
        new(PromotionJson.Read(row.Definition), uses, DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAtMs), DateTimeOffset.FromUnixTimeMilliseconds(row.UpdatedAtMs));
}

/// <summary>
/// The compiled promotions, shared by every turn on this instance: built again after a change made
/// here, and at least every catalog freshness period for changes made by other instances.
/// </summary>
public sealed class PromotionBookCache(NestedContexts contexts, IOptions<CatalogCacheOptions> options, TimeProvider time)
{
    private readonly SnapshotCache<PromotionBook> _cache = new(ct => LoadAsync(contexts, ct), () => options.Value.Freshness, time);

    public void Changed() => _cache.Changed();

    public ValueTask<PromotionBook> BookAsync(CancellationToken cancellationToken) => _cache.GetAsync(cancellationToken);

    // Loaded by a turn that may hold its transaction: from the nested contexts' pool (see NestedContexts).
    private static async Task<PromotionBook> LoadAsync(NestedContexts contexts, CancellationToken cancellationToken)
    {
        await using var context = contexts.Create();
        var rows = await context.Db.Promotions.AsNoTracking().Select(p => p.Definition).ToListAsync(cancellationToken);
        return new PromotionBook(rows.Select(PromotionJson.Read));
    }
}
