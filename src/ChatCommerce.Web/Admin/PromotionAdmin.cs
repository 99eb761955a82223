using System.ComponentModel;
using System.Text.Json;
using ChatCommerce.Dialogs.Promotions;
using ChatCommerce.Domain.Catalog;
using ChatCommerce.Domain.Customers;
using ChatCommerce.Domain.Orders;
using ChatCommerce.Domain.Promotions;
using ChatCommerce.Domain.Staff;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Web.Admin;

/// <summary>Promotions through the owner API: list, read, create, replace, delete, and what a basket would get.</summary>
public static class PromotionAdmin
{
    public const int MaxPreviewLines = PricingRequest.MaxItems;

    public static void MapPromotionApi(RouteGroupBuilder api)
    {
        var promotions = api.MapGroup("/promotions").WithTags("Promotions");
        promotions.MapGet("/", ListAsync).WithSummary("Every promotion, highest priority first, with how many orders used it.");
        promotions.MapGet("/{id}", GetAsync).WithSummary("One promotion.");
        promotions.MapPost("/", CreateAsync).WithSummary("Create a promotion; contradictions are refused with what to fix.");
        promotions.MapPut("/{id}", ReplaceAsync).WithSummary("Replace a promotion (uses, createdAt and updatedAt are read-only and ignored).");
        promotions.MapDelete("/{id}", DeleteAsync).WithSummary("Delete a promotion; orders that used it keep its name and discount.");
        api.MapGet("/nudges", NudgeReportAsync).WithTags("Promotions")
            .WithSummary("The nudge experiment over the last ?days= (default 30): measured baskets, thresholds crossed, orders, conversion and average basket and order, for nudged customers and for the holdout.");
        promotions.MapPost("/preview", PreviewAsync).WithSummary("What a basket gets now: line by line, each promotion applied or not and why, and the thresholds it is close to with products that close them.");
    }

    private static async Task<Results<Ok<NudgeReport>, ValidationProblem>> NudgeReportAsync(INudgeLog log, IOptions<PromotionOptions> options, TimeProvider clock, int? days, CancellationToken cancellationToken) =>
        days is < 1 or > 3650
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["days"] = ["1 to 3650."] })
            : TypedResults.Ok(await log.ReportAsync(clock.GetUtcNow() - TimeSpan.FromDays(days ?? 30), options.Value.HoldoutPercent, cancellationToken));

    private static async Task<Ok<List<PromotionView>>> ListAsync(IPromotionStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListAsync(cancellationToken)).Select(PromotionView.Of).ToList());

    private static async Task<Results<Ok<PromotionView>, NotFound>> GetAsync(IPromotionStore store, string id, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { } stored ? TypedResults.Ok(PromotionView.Of(stored)) : TypedResults.NotFound();

    private static async Task<Results<Created<PromotionView>, ValidationProblem, Conflict<ProblemMessage>>> CreateAsync(
        PromotionView body, IPromotionStore store, ICatalogReader catalog, ICustomerScores scores, IOptions<ShippingOptions> shipping, IAuditLog audit, CancellationToken cancellationToken)
    {
        var promotion = body.ToPromotion();
        if (await ProblemsAsync(promotion, catalog, scores, shipping.Value, cancellationToken) is { } invalid)
        {
            return invalid;
        }

        if (await store.AddAsync(promotion, cancellationToken) == PromotionSave.Taken)
        {
            return TypedResults.Conflict(new ProblemMessage($"A promotion with the id '{promotion.Id}' or the code '{promotion.Code}' exists."));
        }

        await audit.AppendAsync("api", AuditActions.PromotionSaved, "promotion:" + promotion.Id, "created " + promotion.Kind, cancellationToken);
        return TypedResults.Created($"/api/v1/promotions/{promotion.Id}", PromotionView.Of((await store.GetAsync(promotion.Id, cancellationToken))!));
    }

    private static async Task<Results<Ok<PromotionView>, ValidationProblem, NotFound, Conflict<ProblemMessage>>> ReplaceAsync(
        string id, PromotionView body, IPromotionStore store, ICatalogReader catalog, ICustomerScores scores, IOptions<ShippingOptions> shipping, IAuditLog audit, CancellationToken cancellationToken)
    {
        if (body.Id.Length > 0 && body.Id != id)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = ["The id in the body differs from the one in the path; a promotion's id does not change."] });
        }

        body.Id = id;
        var promotion = body.ToPromotion();
        if (await ProblemsAsync(promotion, catalog, scores, shipping.Value, cancellationToken) is { } invalid)
        {
            return invalid;
        }

        switch (await store.ReplaceAsync(promotion, cancellationToken))
        {
            case PromotionSave.NotFound:
                return TypedResults.NotFound();
            case PromotionSave.Taken:
                return TypedResults.Conflict(new ProblemMessage($"Another promotion has the code '{promotion.Code}'."));
        }

        await audit.AppendAsync("api", AuditActions.PromotionSaved, "promotion:" + id, "replaced", cancellationToken);
        return TypedResults.Ok(PromotionView.Of((await store.GetAsync(id, cancellationToken))!));
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(string id, IPromotionStore store, IAuditLog audit, CancellationToken cancellationToken)
    {
        if (!await store.DeleteAsync(id, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        await audit.AppendAsync("api", AuditActions.PromotionDeleted, "promotion:" + id, null, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>What a promotion may name: the active products with their prices, the categories, shipping methods and tiers.</summary>
    public static async Task<PromotionReferences> ReferencesAsync(ICatalogReader catalog, ICustomerScores scores, ShippingOptions shipping, CancellationToken cancellationToken)
    {
        var products = await catalog.ProductsAsync(null, int.MaxValue, cancellationToken);
        return new PromotionReferences(
            products.ToDictionary(p => p.Sku, p => p.PriceSatang, StringComparer.Ordinal),
            (await catalog.CategoriesAsync(cancellationToken)).Select(c => c.Id).ToHashSet(StringComparer.Ordinal),
            shipping.Effective.Select(m => m.Id).ToHashSet(StringComparer.Ordinal),
            (await scores.TiersAsync(cancellationToken)).Select(t => t.Name).ToHashSet(StringComparer.Ordinal));
    }

    private static async Task<ValidationProblem?> ProblemsAsync(Promotion promotion, ICatalogReader catalog, ICustomerScores scores, ShippingOptions shipping, CancellationToken cancellationToken)
    {
        var problems = PromotionValidator.Validate(promotion, await ReferencesAsync(catalog, scores, shipping, cancellationToken));
        return problems.Count == 0
            ? null
            : TypedResults.ValidationProblem(problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).Distinct().ToArray()));
    }

    private static async Task<Results<Ok<PreviewView>, ValidationProblem>> PreviewAsync(
        PreviewRequest body, IBasketPricer pricer, ICatalogReader catalog, ICustomerDirectory customers, Upsell upsell, IOptions<ShippingOptions> shipping, TimeProvider clock, CancellationToken cancellationToken)
    {
        var problems = new Dictionary<string, string[]>();
        var lines = body.Lines ?? [];
        if (lines.Count is 0 or > MaxPreviewLines || lines.Any(l => l.Quantity is < 1 or > Basket.MaxQuantity))
        {
            problems["lines"] = [$"1–{MaxPreviewLines} lines, each with a sku and a quantity of 1–{Basket.MaxQuantity}."];
        }

        var known = await catalog.FindManyAsync(lines.Select(l => l.Sku ?? ""), cancellationToken);
        if (lines.Select(l => l.Sku ?? "").Where(s => !known.ContainsKey(s)).Distinct().ToList() is { Count: > 0 } unknown)
        {
            problems["lines"] = [.. problems.GetValueOrDefault("lines", []), .. unknown.Select(s => $"No product '{s}' in the catalog.")];
        }

        var method = body.ShippingMethod ?? shipping.Value.Effective[0].Id;
        if (shipping.Value.Effective.All(m => m.Id != method))
        {
            problems["shippingMethod"] = [$"One of: {string.Join(", ", shipping.Value.Effective.Select(m => m.Id))}."];
        }

        var customer = PricingCustomer.Anonymous;
        if (body.CustomerId is { } customerId)
        {
            if (await customers.GetAsync(customerId, cancellationToken) is { } card)
            {
                customer = new PricingCustomer(card.Customer.Id, card.Customer.Tier, card.Customer.Segment);
            }
            else
            {
                problems["customerId"] = ["No such customer."];
            }
        }

        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }

        var basket = lines.GroupBy(l => (l.Sku, l.Size)).Select(g => new BasketLine(g.Key.Sku!, Math.Min(Basket.MaxQuantity, g.Sum(l => l.Quantity)), g.Key.Size)).ToList();
        var priced = await pricer.PriceAsync(new BasketPricingRequest(basket, body.At ?? clock.GetUtcNow())
        {
            Customer = customer, Codes = body.Codes ?? [], ShippingMethodId = method, ExplainSkipped = true,
        }, cancellationToken);
        var quote = priced.Quote;
        var nudges = new List<NudgeView>();
        foreach (var nudge in quote.Nudges)
        {
            var suggestions = await upsell.SuggestAsync(priced, nudge, customer.CustomerId, hasOrdered: true, cancellationToken);
            nudges.Add(new NudgeView(nudge.Promotion.Id, nudge.Promotion.Name, nudge.MissingSatang, nudge.MissingQuantity, nudge.UnlocksSatang, [.. suggestions.Select(p => p.Sku)]));
        }

        return TypedResults.Ok(new PreviewView(
            quote.SubtotalSatang, quote.DiscountSatang, quote.ShippingSatang, quote.TotalSatang, method,
            [.. quote.Lines.Select(l => new PreviewLineView(l.Sku, basket.First(b => b.Key == l.Key).Size, l.Quantity, l.UnitPriceSatang, l.ListSatang, l.DiscountSatang, l.PromotionIds))],
            [.. quote.Applied.Select(a => new AppliedView(a.Promotion.Id, a.Promotion.Name, a.Promotion.Kind, a.DiscountSatang, a.Reason))],
            [.. quote.Skipped.Select(s => new NotAppliedView(s.Promotion.Id, s.Promotion.Name, s.Promotion.Kind, s.Code, s.Reason))],
            nudges));
    }
}

/// <summary>
/// A promotion as the API reads and writes it: the promotion's own fields (see the validator for
/// which each kind needs), and read-only counts that are ignored when written.
/// </summary>
public sealed class PromotionView : Promotion
{
    [Description("Orders that got it and were not cancelled (read-only).")]
    public int Uses { get; set; }

    public DateTimeOffset? CreatedAt { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }

    public static PromotionView Of(StoredPromotion stored)
    {
        var view = JsonSerializer.Deserialize<PromotionView>(PromotionJson.Write(stored.Promotion), PromotionJson.Options)!;
        view.Uses = stored.Uses;
        view.CreatedAt = stored.CreatedAt;
        view.UpdatedAt = stored.UpdatedAt;
        return view;
    }

    /// <summary>The promotion alone (the read-only fields dropped).</summary>
    public Promotion ToPromotion() => PromotionJson.Read(PromotionJson.Write(this));
}

public sealed record ProblemMessage(string Detail);

public sealed record PreviewLine(string? Sku, int Quantity, string? Size);

/// <summary>A basket to price: lines, voucher codes entered, the shipping method (the first when left out), the customer, and when (now when left out).</summary>
public sealed record PreviewRequest(List<PreviewLine>? Lines, List<string>? Codes, string? ShippingMethod, string? CustomerId, DateTimeOffset? At);

public sealed record PreviewLineView(string Sku, string? Size, int Quantity, long UnitPriceSatang, long ListSatang, long DiscountSatang, IReadOnlyList<string> PromotionIds);

public sealed record AppliedView(string PromotionId, string Name, string Kind, [property: Description("Off the goods; for free shipping, the fee waived.")] long DiscountSatang, string Reason);

public sealed record NotAppliedView(string PromotionId, string Name, string Kind, [property: Description("Why, as a code: inactive, not_started, ended, customer_not_eligible, cap_reached, customer_cap_reached, code_not_entered, no_eligible_items, below_threshold, shipping_method_not_eligible, units_taken, better_combination.")] string Code, string Reason);

public sealed record NudgeView(string PromotionId, string Name, long MissingSatang, int MissingQuantity, long UnlocksSatang, [property: Description("Up to three SKUs that close the gap, smallest overshoot first.")] IReadOnlyList<string> Suggestions);

public sealed record PreviewView(
    long SubtotalSatang,
    long DiscountSatang,
    long ShippingSatang,
    long TotalSatang,
    string ShippingMethod,
    IReadOnlyList<PreviewLineView> Lines,
    IReadOnlyList<AppliedView> Applied,
    IReadOnlyList<NotAppliedView> NotApplied,
    IReadOnlyList<NudgeView> Nudges);
