using ChatCommerce.Domain.Analytics;
using ChatCommerce.Domain.Cases;
using ChatCommerce.Domain.Customers;
using ChatCommerce.Domain.Orders;
using ChatCommerce.Domain.Payments;
using Microsoft.EntityFrameworkCore;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>The owner's figures, as aggregate queries (grouped in the database, not in memory).</summary>
public sealed class EfShopAnalytics(ChatCommerceDbContext db) : IShopAnalytics
{
    private const long Day = 86_400_000;

    private IQueryable<Order> Counted(long from, long to) => db.Orders.AsNoTracking().Where(o =>
        o.CreatedAtMs >= from && o.CreatedAtMs < to && o.Status != OrderStatus.Cancelled
        && (o.PaymentState == PaymentState.Paid || o.PaymentState == PaymentState.OnDelivery) && o.PaymentMethod != PaymentMethods.NoCharge);

    public async Task<SalesReport> SalesAsync(DateOnly from, DateOnly to, TimeSpan utcOffset, CancellationToken cancellationToken)
    {
        var offset = (long)utcOffset.TotalMilliseconds;
        var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), utcOffset).ToUnixTimeMilliseconds();
        var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), utcOffset).ToUnixTimeMilliseconds();
        var orders = Counted(start, end);
        var byDay = await orders
            .GroupBy(o => (o.CreatedAtMs + offset) / Day)
            .Select(g => new { Day = g.Key, Orders = g.Count(), Revenue = g.Sum(o => o.TotalSatang) })
            .ToListAsync(cancellationToken);
        var epoch = DateOnly.FromDateTime(DateTime.UnixEpoch);
        var found = byDay.ToDictionary(d => epoch.AddDays((int)d.Day));
        var days = new List<DaySales>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            days.Add(found.TryGetValue(day, out var d) ? new DaySales(day, d.Orders, d.Revenue) : new DaySales(day, 0, 0));
        }

        var products = await db.OrderLines.AsNoTracking()
            .Where(l => orders.Any(o => o.Id == l.OrderId))
            .GroupBy(l => l.Sku)
            .Select(g => new { Sku = g.Key, Name = g.Max(l => l.Name), Quantity = g.Sum(l => l.Quantity), Revenue = g.Sum(l => l.UnitPriceSatang * l.Quantity) })
            .OrderByDescending(p => p.Revenue).ThenBy(p => p.Sku)
            .Take(100)
            .ToListAsync(cancellationToken);
        return new SalesReport(days, products.Select(p => new ProductSales(p.Sku, p.Name ?? p.Sku, p.Quantity, p.Revenue)).ToList());
    }

    public async Task<ShopSummary> SummaryAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var start = from.ToUnixTimeMilliseconds();
        var end = to.ToUnixTimeMilliseconds();
        var written = db.Interactions.AsNoTracking()
            .Where(t => t.AtMs >= start && t.AtMs < end && t.Direction == "Inbound" && t.Kind.StartsWith("message:"))
            .Select(t => t.Conversation).Distinct();
        var conversations = await written.CountAsync(cancellationToken);
        var converted = await db.Interactions.AsNoTracking()
            .Where(t => t.AtMs >= start && t.AtMs < end && t.Kind == "order")
            .Select(t => t.Conversation).Distinct()
            .CountAsync(c => written.Contains(c), cancellationToken);

        var orders = Counted(start, end);
        var totals = await orders.GroupBy(_ => 1).Select(g => new { Count = g.Count(), Revenue = g.Sum(o => o.TotalSatang) }).FirstOrDefaultAsync(cancellationToken);
        var buyers = db.Customers.AsNoTracking().Where(c => db.Contacts.Any(k => k.CustomerId == c.Id && orders.Any(o => o.Channel == k.Channel && o.UserId == k.UserId)));
        var buyerCount = await buyers.CountAsync(cancellationToken);
        var repeat = await buyers.CountAsync(c => c.OrderCount >= 2, cancellationToken);

        var cases = await db.Cases.AsNoTracking().Where(c => c.CreatedAtMs >= start && c.CreatedAtMs < end)
            .Select(c => new { c.ResolvedAtMs, c.CreatedAtMs }).ToListAsync(cancellationToken);
        var hours = cases.Where(c => c.ResolvedAtMs is not null).Select(c => (c.ResolvedAtMs!.Value - c.CreatedAtMs) / 3_600_000.0).Order().ToList();
        var caseScores = await db.Cases.AsNoTracking().Where(c => c.CsatScore != null && c.ResolvedAtMs >= start && c.ResolvedAtMs < end).Select(c => c.CsatScore!.Value).ToListAsync(cancellationToken);
        var answers = await db.Surveys.AsNoTracking().Where(s => s.Score != null && s.AnsweredAtMs >= start && s.AnsweredAtMs < end)
            .Select(s => new { s.Kind, Score = s.Score!.Value }).ToListAsync(cancellationToken);
        var csat = answers.Where(a => a.Kind == SurveyKinds.Csat).Select(a => a.Score).ToList();
        var nps = answers.Where(a => a.Kind == SurveyKinds.Nps).Select(a => a.Score).ToList();
        var promoters = nps.Count(s => s >= 9);
        var detractors = nps.Count(s => s <= 6);

        var count = totals?.Count ?? 0;
        var revenue = totals?.Revenue ?? 0;
        return new ShopSummary(
            from, to,
            conversations, converted, conversations == 0 ? 0 : Math.Round((double)converted / conversations, 4),
            count, revenue, count == 0 ? 0 : revenue / count,
            buyerCount, repeat, buyerCount == 0 ? 0 : Math.Round((double)repeat / buyerCount, 4),
            cases.Count, hours.Count, hours.Count == 0 ? null : Math.Round(Median(hours), 2),
            Figures(csat), Figures(caseScores),
            new NpsFigures(nps.Count, promoters, nps.Count - promoters - detractors, detractors,
                nps.Count == 0 ? null : Math.Round(100.0 * (promoters - detractors) / nps.Count, 1)));
    }

    private static ScoreFigures Figures(List<int> scores) => new(scores.Count, scores.Count == 0 ? null : Math.Round(scores.Average(), 2));

    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}
