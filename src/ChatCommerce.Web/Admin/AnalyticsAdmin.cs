using System.Globalization;
using ChatCommerce.Domain.Analytics;
using ChatCommerce.Domain.Shop;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Web.Admin;

/// <summary>The owner's figures through the API; the console shows the same as charts.</summary>
public static class AnalyticsAdmin
{
    public const int MaxDays = 366;

    public static void MapAnalyticsApi(RouteGroupBuilder api)
    {
        var analytics = api.MapGroup("/analytics").WithTags("Analytics");
        analytics.MapGet("/sales", SalesAsync).WithSummary("Sales per day and per product for ?from=&to= (yyyy-MM-dd, shop days; default the last 30 days).");
        analytics.MapGet("/summary", SummaryAsync).WithSummary("Conversion, orders, revenue, average order value, repeat rate, complaints and time to resolve, CSAT and NPS for ?from=&to=.");
    }

    /// <summary>The range asked for in the shop's days, or the problem with it.</summary>
    public static (DateOnly From, DateOnly To, ValidationProblem? Problem) Range(string? from, string? to, ShopOptions shop, TimeProvider clock)
    {
        var today = DateOnly.FromDateTime(shop.Local(clock.GetUtcNow()).DateTime);
        DateOnly Parse(string? text, DateOnly fallback, string field, Dictionary<string, string[]> errors)
        {
            if (text is null)
            {
                return fallback;
            }

            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return day;
            }

            errors[field] = ["A date as yyyy-MM-dd."];
            return fallback;
        }

        var errors = new Dictionary<string, string[]>();
        var end = Parse(to, today, "to", errors);
        var start = Parse(from, end.AddDays(-29), "from", errors);
        if (errors.Count == 0 && (start > end || end.DayNumber - start.DayNumber >= MaxDays))
        {
            errors["from"] = [$"From a day up to the 'to' day, at most {MaxDays} days."];
        }

        return (start, end, errors.Count > 0 ? TypedResults.ValidationProblem(errors) : null);
    }

    private static async Task<Results<Ok<SalesReport>, ValidationProblem>> SalesAsync(IShopAnalytics analytics, IOptions<ShopOptions> shop, TimeProvider clock, string? from, string? to, CancellationToken cancellationToken)
    {
        var (start, end, problem) = Range(from, to, shop.Value, clock);
        return problem is not null ? problem : TypedResults.Ok(await analytics.SalesAsync(start, end, Offset(shop.Value, clock), cancellationToken));
    }

    private static async Task<Results<Ok<ShopSummary>, ValidationProblem>> SummaryAsync(IShopAnalytics analytics, IOptions<ShopOptions> shop, TimeProvider clock, string? from, string? to, CancellationToken cancellationToken)
    {
        var (start, end, problem) = Range(from, to, shop.Value, clock);
        if (problem is not null)
        {
            return problem;
        }

        var offset = Offset(shop.Value, clock);
        return TypedResults.Ok(await analytics.SummaryAsync(
            new DateTimeOffset(start.ToDateTime(TimeOnly.MinValue), offset), new DateTimeOffset(end.AddDays(1).ToDateTime(TimeOnly.MinValue), offset), cancellationToken));
    }

    public static TimeSpan Offset(ShopOptions shop, TimeProvider clock) => shop.Local(clock.GetUtcNow()).Offset;
}
