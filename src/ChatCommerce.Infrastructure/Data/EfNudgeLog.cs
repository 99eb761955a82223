using ChatCommerce.Domain.Promotions;
using Microsoft.EntityFrameworkCore;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>The nudge experiment in <c>nudges</c>: one row per measured basket, the order filled in when placed.</summary>
public sealed class EfNudgeLog(ChatCommerceDbContext db, DbWrites writes) : INudgeLog
{
    public async Task CrossedAsync(string conversation, IReadOnlyCollection<string> promotionIds, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var now = at.ToUnixTimeMilliseconds();
        var since = now - (long)NudgeMeasurement.Window.TotalMilliseconds;
        var open = db.Nudges.Where(n => n.Conversation == conversation && n.CrossedAtMs == null && n.OrderNumber == null && n.AtMs >= since && promotionIds.Contains(n.PromotionId));
        if (!await open.AnyAsync(cancellationToken))
        {
            return;
        }

        await using var transaction = await writes.BeginAsync(cancellationToken);
        await open.ExecuteUpdateAsync(u => u.SetProperty(n => n.CrossedAtMs, now), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<NudgeReport> ReportAsync(DateTimeOffset since, int holdoutPercent, CancellationToken cancellationToken)
    {
        var from = since.ToUnixTimeMilliseconds();
        var groups = await db.Nudges.AsNoTracking().Where(n => n.AtMs >= from).GroupBy(n => n.Holdout).Select(g => new
        {
            Holdout = g.Key,
            Baskets = g.Count(),
            Crossed = g.Count(n => n.CrossedAtMs != null),
            Orders = g.Count(n => n.OrderNumber != null),
            BasketSum = g.Sum(n => n.BasketSatang),
            OrderSum = g.Sum(n => n.OrderSatang ?? 0),
        }).ToListAsync(cancellationToken);
        NudgeGroup Group(bool holdout) => groups.FirstOrDefault(g => g.Holdout == holdout) is { } g
            ? new NudgeGroup(g.Baskets, g.Crossed, g.Orders, Math.Round((double)g.Orders / g.Baskets, 4), g.BasketSum / g.Baskets, g.Orders == 0 ? 0 : g.OrderSum / g.Orders)
            : new NudgeGroup(0, 0, 0, 0, 0, 0);
        return new NudgeReport(since, holdoutPercent, Group(false), Group(true));
    }
}
