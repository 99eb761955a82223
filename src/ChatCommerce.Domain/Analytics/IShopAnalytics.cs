namespace ChatCommerce.Domain.Analytics;

/// <summary>
/// What sells and what works, for the owner. Orders count when they are not cancelled, the money
/// is in (or comes on delivery) and they are not a free replacement; days are the shop's days.
/// </summary>
public interface IShopAnalytics
{
    /// <summary>Sales per day (every day of the range, empty ones too) and per product, best first.</summary>
    Task<SalesReport> SalesAsync(DateOnly from, DateOnly to, TimeSpan utcOffset, CancellationToken cancellationToken);

    Task<ShopSummary> SummaryAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}

public sealed record SalesReport(IReadOnlyList<DaySales> Days, IReadOnlyList<ProductSales> Products);

public sealed record DaySales(DateOnly Date, int Orders, long RevenueSatang);

public sealed record ProductSales(string Sku, string Name, int Quantity, long RevenueSatang);

/// <param name="Conversations">Chats in which a customer wrote in the period.</param>
/// <param name="ConversationsWithOrder">Of those, the ones an order was placed from in the period.</param>
/// <param name="RepeatRate">Buyers of the period who have ordered more than once, over all its buyers.</param>
/// <param name="Csat">Answers to the CSAT question after delivery.</param>
/// <param name="CaseCsat">Scores given after a complaint was resolved.</param>
public sealed record ShopSummary(
    DateTimeOffset From,
    DateTimeOffset To,
    int Conversations,
    int ConversationsWithOrder,
    double Conversion,
    int Orders,
    long RevenueSatang,
    long AverageOrderValueSatang,
    int Buyers,
    int RepeatBuyers,
    double RepeatRate,
    int Complaints,
    int ComplaintsResolved,
    double? MedianHoursToResolve,
    ScoreFigures Csat,
    ScoreFigures CaseCsat,
    NpsFigures Nps);

public sealed record ScoreFigures(int Answers, double? Average);

/// <param name="Score">Promoters' share minus detractors' share, in points (−100 to 100); null without answers.</param>
public sealed record NpsFigures(int Answers, int Promoters, int Passives, int Detractors, double? Score);
