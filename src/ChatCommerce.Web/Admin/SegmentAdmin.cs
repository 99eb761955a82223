using System.ComponentModel;
using ChatCommerce.Domain.Customers;
using ChatCommerce.Domain.Staff;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatCommerce.Web.Admin;

/// <summary>Segments and spend tiers through the owner API.</summary>
public static class SegmentAdmin
{
    public static void MapSegmentApi(RouteGroupBuilder api)
    {
        var segments = api.MapGroup("/segments").WithTags("Segments");
        segments.MapGet("/", ListAsync).WithSummary("Customers per segment with their lifetime value, and how many moved between segments in the last ?days= (default 30).");
        segments.MapPost("/recompute", RecomputeAsync).WithSummary("Score every customer now (the nightly job does it too) and say how long it took.");
        segments.MapGet("/tiers", TiersAsync).WithSummary("The spend tiers, lowest first.");
        segments.MapPut("/tiers", SaveTiersAsync).WithSummary("Replace the spend tiers (names and lifetime spend thresholds in satang); every customer is rescored.");
    }

    private static async Task<Results<Ok<SegmentsView>, ValidationProblem>> ListAsync(ICustomerDirectory directory, TimeProvider clock, int? days, CancellationToken cancellationToken)
    {
        if (days is < 1 or > 3650)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["days"] = ["1 to 3650."] });
        }

        var since = clock.GetUtcNow() - TimeSpan.FromDays(days ?? 30);
        return TypedResults.Ok(new SegmentsView(
            await directory.SegmentSizesAsync(cancellationToken),
            since,
            await directory.MovesSinceAsync(since, cancellationToken)));
    }

    private static async Task<Ok<ScoringRunView>> RecomputeAsync(ICustomerScores scores, CancellationToken cancellationToken)
    {
        var run = await scores.RecomputeAllAsync(cancellationToken);
        return TypedResults.Ok(ScoringRunView.Of(run));
    }

    private static async Task<Ok<IReadOnlyList<Tier>>> TiersAsync(ICustomerScores scores, CancellationToken cancellationToken) =>
        TypedResults.Ok(await scores.TiersAsync(cancellationToken));

    private static async Task<Results<Ok<ScoringRunView>, ValidationProblem>> SaveTiersAsync(ICustomerScores scores, IAuditLog audit, List<Tier>? tiers, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        if (tiers is null || tiers.Count > 10)
        {
            problems.Add("A list of up to 10 tiers.");
        }
        else
        {
            if (tiers.Any(t => CustomerTags.Normalise(t.Name) is null))
            {
                problems.Add("A tier's name is 1 to 40 letters, digits, '-' or '_'.");
            }

            if (tiers.Any(t => t.MinSpendSatang < 0))
            {
                problems.Add("A threshold is 0 or more satang.");
            }

            if (tiers.Select(t => t.MinSpendSatang).Distinct().Count() != tiers.Count || tiers.Select(t => t.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() != tiers.Count)
            {
                problems.Add("Each tier has its own name and its own threshold.");
            }
        }

        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["tiers"] = [.. problems] });
        }

        var saved = tiers!.Select(t => new Tier { Name = CustomerTags.Normalise(t.Name)!, MinSpendSatang = t.MinSpendSatang }).ToList();
        await audit.AppendAsync("api", AuditActions.SettingChanged, "settings:tiers", string.Join(", ", saved.OrderBy(t => t.MinSpendSatang).Select(t => $"{t.Name} ≥ {t.MinSpendSatang}")), cancellationToken);
        return TypedResults.Ok(ScoringRunView.Of(await scores.SaveTiersAsync(saved, cancellationToken)));
    }
}

/// <summary>Segment sizes and movement.</summary>
public sealed record SegmentsView(IReadOnlyList<SegmentSize> Segments, DateTimeOffset MovesSince, [property: Description("From one segment to another, most common first.")] IReadOnlyList<SegmentMove> Moves);

/// <summary>A scoring run.</summary>
public sealed record ScoringRunView(
    int Customers,
    int Buyers,
    double Seconds,
    [property: Description("Order counts above which the frequency score goes up by one.")] IReadOnlyList<long> FrequencyCuts,
    [property: Description("Lifetime spend in satang above which the monetary score goes up by one.")] IReadOnlyList<long> MonetaryCuts)
{
    public static ScoringRunView Of(ScoringRun run) => new(run.Customers, run.Buyers, Math.Round(run.Took.TotalSeconds, 3), run.FrequencyCuts, run.MonetaryCuts);
}
