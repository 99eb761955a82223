using System.ComponentModel;
using System.Globalization;
using ChatCommerce.Domain.Customers;
using ChatCommerce.Domain.Staff;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatCommerce.Web.Admin;

/// <summary>Customers through the owner API: search, one customer with what the shop knows, tags and notes, export.</summary>
public static class CustomerAdmin
{
    public static void MapCustomerApi(RouteGroupBuilder api)
    {
        var customers = api.MapGroup("/customers").WithTags("Customers");
        customers.MapGet("/", SearchAsync).WithSummary("Customers, most recently active first: ?q= matches a name, a phone number or a platform user id; ?tag= and ?segment= narrow it.");
        customers.MapGet("/{id}", GetAsync).WithSummary("One customer with identities, phones, addresses, tags, segment and tier, recent touchpoints and orders.");
        customers.MapGet("/{id}/touchpoints", TouchpointsAsync).WithSummary("The customer's touchpoints, newest first.");
        customers.MapPut("/{id}/tags", SetTagsAsync).WithSummary("Replace the customer's tags (letters, digits, '-' and '_'; stored in lower case).");
        customers.MapPatch("/{id}", UpdateAsync).WithSummary("Change staff's notes or the birthday (\"\" clears).");
        customers.MapPost("/{id}/merge", MergeAsync).WithSummary("Merge another customer (sourceId) into this one: identities, touchpoints, phones, addresses and tags; undoable.");
        customers.MapGet("/{id}/merges", async (ICustomerLinks links, string id, CancellationToken cancellationToken) => TypedResults.Ok(await links.MergesAsync(id, cancellationToken)))
            .WithSummary("Merges this customer took part in, newest first.");
        customers.MapPost("/merges/{mergeId:long}/undo", UndoMergeAsync).WithSummary("Undo a merge: the merged customer gets back their identities, touchpoints and what was copied.");
        customers.MapPut("/{id}/consent", WithdrawConsentAsync).WithSummary("Withdraw the customer's marketing consent on their behalf (status \"withdrawn\", with the reason).");
        customers.MapDelete("/{id}", EraseAsync).WithSummary("Erase the customer (a data subject's request): personal data leaves every table, the database files and Redis; orders stay with personal fields blanked.");
        api.MapPost("/privacy/scrub", async (ICustomerEraser eraser, CancellationToken cancellationToken) =>
            {
                var report = await eraser.ScrubAsync(evenIfNothingPending: true, cancellationToken);
                return TypedResults.Ok(new ScrubView(report.WasPending, report.Tables, Math.Round(report.Took.TotalSeconds, 3)));
            })
            .WithTags("Customers").WithSummary("Rewrite the tables erasures touched now, instead of at night, so erased bytes leave the database files (PostgreSQL locks each table while it is rewritten).");
        customers.MapGet("/{id}/export", ExportAsync).WithSummary("Everything kept about the customer, as one JSON document (a data subject's access request).");
    }

    private static async Task<Results<Ok<List<CustomerView>>, ValidationProblem>> SearchAsync(ICustomerDirectory directory, string? q, string? tag, string? segment, int? skip, int? take, CancellationToken cancellationToken)
    {
        if (AdminEndpoints.PageProblem(skip, take) is { } paging)
        {
            return paging;
        }

        if (segment is not null && !Segments.All.Contains(segment))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["segment"] = [string.Join(", ", Segments.All) + "."] });
        }

        if (tag is not null && CustomerTags.Normalise(tag) is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["tag"] = ["A tag is 1 to 40 letters, digits, '-' or '_'."] });
        }

        var found = await directory.SearchAsync(new CustomerQuery(q is { Length: > 200 } ? q[..200] : q, tag, segment, skip ?? 0, take ?? 50), cancellationToken);
        return TypedResults.Ok(found.Select(CustomerView.Of).ToList());
    }

    private static async Task<Results<Ok<CustomerDetailView>, ProblemHttpResult>> GetAsync(ICustomerDirectory directory, string id, CancellationToken cancellationToken)
    {
        if (await directory.GetAsync(id, cancellationToken) is not { } card)
        {
            return NotFound(id);
        }

        var touchpoints = await directory.TouchpointsAsync(id, 0, 50, cancellationToken);
        var orders = await directory.OrdersAsync(id, 20, cancellationToken);
        return TypedResults.Ok(new CustomerDetailView(CustomerView.Of(card), touchpoints, orders.Select(OrderView.Of).ToList()));
    }

    private static async Task<Results<Ok<IReadOnlyList<Touchpoint>>, ProblemHttpResult, ValidationProblem>> TouchpointsAsync(ICustomerDirectory directory, string id, int? skip, int? take, CancellationToken cancellationToken)
    {
        if (AdminEndpoints.PageProblem(skip, take) is { } paging)
        {
            return paging;
        }

        return await directory.GetAsync(id, cancellationToken) is null
            ? NotFound(id)
            : TypedResults.Ok(await directory.TouchpointsAsync(id, skip ?? 0, take ?? 50, cancellationToken));
    }

    private static async Task<Results<Ok<CustomerView>, ProblemHttpResult, ValidationProblem>> SetTagsAsync(ICustomerDirectory directory, IAuditLog audit, string id, TagsInput input, CancellationToken cancellationToken)
    {
        var tags = (input.Tags ?? []).Select(t => (Raw: t, Tag: CustomerTags.Normalise(t))).ToList();
        if (input.Tags is null || tags.Any(t => t.Tag is null) || tags.Count > CustomerTags.MaxPerCustomer)
        {
            var bad = tags.Where(t => t.Tag is null).Select(t => t.Raw).Take(5);
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["tags"] = [$"Up to {CustomerTags.MaxPerCustomer} tags of 1 to {CustomerTags.MaxLength} letters, digits, '-' or '_'." + (bad.Any() ? " Not a tag: " + string.Join(", ", bad) : "")],
            });
        }

        var wanted = tags.Select(t => t.Tag!).Distinct(StringComparer.Ordinal).ToList();
        if (!await directory.SetTagsAsync(id, wanted, cancellationToken))
        {
            return NotFound(id);
        }

        await audit.AppendAsync("api", AuditActions.CustomerChanged, "customer:" + id, "tags: " + string.Join(", ", wanted), cancellationToken);
        return TypedResults.Ok(CustomerView.Of((await directory.GetAsync(id, cancellationToken))!));
    }

    private static async Task<Results<Ok<CustomerView>, ProblemHttpResult, ValidationProblem>> UpdateAsync(ICustomerDirectory directory, IAuditLog audit, string id, CustomerChange change, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (change.Notes is { Length: > 4000 })
        {
            errors["notes"] = ["At most 4,000 characters."];
        }

        if (change.Birthday is { Length: > 0 } birthday && !DateOnly.TryParseExact(birthday, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            errors["birthday"] = ["A date as yyyy-MM-dd (Gregorian), or \"\" to clear it."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (!await directory.UpdateAsync(id, change.Notes, change.Birthday, cancellationToken))
        {
            return NotFound(id);
        }

        var what = string.Join(", ", new[] { change.Notes is null ? null : "notes", change.Birthday is null ? null : "birthday" }.OfType<string>());
        await audit.AppendAsync("api", AuditActions.CustomerChanged, "customer:" + id, what, cancellationToken);
        return TypedResults.Ok(CustomerView.Of((await directory.GetAsync(id, cancellationToken))!));
    }

    private static async Task<Results<JsonHttpResult<CustomerExport>, ProblemHttpResult>> ExportAsync(ICustomerDirectory directory, IAuditLog audit, HttpContext http, TimeProvider clock, string id, CancellationToken cancellationToken)
    {
        if (await directory.GetAsync(id, cancellationToken) is not { } card)
        {
            return NotFound(id);
        }

        var touchpoints = new List<Touchpoint>();
        for (var page = 0; ; page++)
        {
            var more = await directory.TouchpointsAsync(id, page * 1000, 1000, cancellationToken);
            touchpoints.AddRange(more);
            if (more.Count < 1000)
            {
                break;
            }
        }

        var orders = await directory.OrdersAsync(id, int.MaxValue, cancellationToken);
        var cases = await directory.CasesAsync(id, int.MaxValue, cancellationToken);
        await audit.AppendAsync("api", AuditActions.CustomerExported, "customer:" + id, null, cancellationToken);
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"customer-{id}.json\"";
        return TypedResults.Json(new CustomerExport(
            clock.GetUtcNow(),
            CustomerView.Of(card),
            card.Customer.Notes,
            card.Addresses.Select(a => new AddressView(a.Name, a.Address, a.Postcode, DateTimeOffset.FromUnixTimeMilliseconds(a.LastUsedAtMs))).ToList(),
            touchpoints,
            orders.Select(OrderView.Of).ToList(),
            cases.Select(CaseView.Of).ToList()));
    }

    private static async Task<Results<Ok<ErasureView>, ProblemHttpResult>> EraseAsync(ICustomerEraser eraser, string id, CancellationToken cancellationToken) =>
        await eraser.EraseAsync(id, "api", cancellationToken) is { } report
            ? TypedResults.Ok(new ErasureView(report.CustomerId, report.Identities, report.Rows, report.At))
            : NotFound(id);

    private static async Task<Results<Ok<CustomerMerge>, ProblemHttpResult, ValidationProblem>> MergeAsync(ICustomerLinks links, ICustomerDirectory directory, string id, MergeInput input, CancellationToken cancellationToken)
    {
        if (input.SourceId is not { Length: > 0 } source || source == id)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["sourceId"] = ["Another customer's id."] });
        }

        if (await directory.GetAsync(id, cancellationToken) is null || await directory.GetAsync(source, cancellationToken) is null)
        {
            return NotFound(await directory.GetAsync(id, cancellationToken) is null ? id : source);
        }

        return await links.MergeAsync(id, source, "api", cancellationToken) is { } merge
            ? TypedResults.Ok(merge)
            : TypedResults.Problem(title: "Cannot merge", detail: "One of the two was merged into another customer already.", statusCode: StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Ok<CustomerMerge>, ProblemHttpResult>> UndoMergeAsync(ICustomerLinks links, long mergeId, CancellationToken cancellationToken) =>
        await links.UndoAsync(mergeId, "api", cancellationToken) is { } merge
            ? TypedResults.Ok(merge)
            : TypedResults.Problem(title: "No such merge to undo", detail: mergeId.ToString(CultureInfo.InvariantCulture), statusCode: StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<CustomerView>, ProblemHttpResult, ValidationProblem>> WithdrawConsentAsync(
        ICustomerDirectory directory, ICustomerInsights insights, IAuditLog audit, string id, ConsentInput input, CancellationToken cancellationToken)
    {
        if (input.Status != ConsentStatuses.Withdrawn || input.Reason is not { Length: > 0 and <= 500 })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["status"] = ["Only \"withdrawn\": consent is given by the customer in chat."],
                ["reason"] = ["Why (1 to 500 characters): kept as the record of the withdrawal."],
            });
        }

        if (await directory.GetAsync(id, cancellationToken) is null)
        {
            return NotFound(id);
        }

        await insights.RecordConsentAsync(id, ConsentStatuses.Withdrawn, "owner", input.Reason, cancellationToken);
        await audit.AppendAsync("api", AuditActions.ConsentChanged, "customer:" + id, "withdrawn", cancellationToken);
        return TypedResults.Ok(CustomerView.Of((await directory.GetAsync(id, cancellationToken))!));
    }

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(title: "No such customer", detail: id, statusCode: StatusCodes.Status404NotFound);
}

/// <summary>A customer.</summary>
public sealed record CustomerView(
    [property: Description("32 hexadecimal digits.")] string Id,
    string? DisplayName,
    string? PictureUrl,
    string? Language,
    [property: Description("yyyy-MM-dd, when given.")] string? Birthday,
    [property: Description("The customer's channel identities.")] IReadOnlyList<IdentityView> Identities,
    [property: Description("Phone numbers used at checkout, most recent first.")] IReadOnlyList<string> Phones,
    IReadOnlyList<string> Tags,
    [property: Description("champions, loyal, potential, new, at_risk, lost, or prospect (no order yet).")] string Segment,
    [property: Description("The spend tier, or null below the first threshold.")] string? Tier,
    [property: Description("RFM scores 1–5 (0 without orders).")] RfmView Rfm,
    int OrderCount,
    long LifetimeValueSatang,
    [property: Description("Needs read from behaviour: price_sensitive, convenience.")] IReadOnlyList<string> Needs,
    ConsentView Consent,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastOrderAt,
    DateTimeOffset? LastTouchAt,
    [property: Description("Set when this customer was merged into another (until the merge is undone).")] string? MergedInto)
{
    public static CustomerView Of(CustomerCard card)
    {
        var c = card.Customer;
        return new(
            c.Id, c.DisplayName, c.PictureUrl, c.Language, c.Birthday,
            card.Identities.Select(i => new IdentityView(i.Channel, i.UserId, i.DisplayName, i.IsFollowing, i.FirstSeenAt, i.LastMessageAt)).ToList(),
            card.Phones.Select(p => p.Phone).ToList(),
            card.Tags,
            c.Segment, c.Tier, new RfmView(c.Recency, c.Frequency, c.Monetary), c.OrderCount, c.LifetimeValueSatang,
            c.Needs is { Length: > 0 } needs ? needs.Split(',') : [],
            new ConsentView(c.Consent ?? "unknown", Time(c.ConsentAtMs), c.ConsentChannel, c.ConsentWording),
            DateTimeOffset.FromUnixTimeMilliseconds(c.CreatedAtMs), Time(c.LastOrderAtMs), Time(c.LastTouchAtMs), c.MergedIntoId);
    }

    private static DateTimeOffset? Time(long? ms) => ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;
}

public sealed record IdentityView([property: Description("line or messenger.")] string Channel, [property: Description("LINE user id or Messenger page-scoped id.")] string UserId, string? DisplayName, bool IsFollowing, DateTimeOffset FirstSeenAt, DateTimeOffset? LastMessageAt);

public sealed record RfmView(int Recency, int Frequency, int Monetary);

public sealed record ConsentView(
    [property: Description("unknown (never asked), asked, granted, declined or withdrawn.")] string Status,
    DateTimeOffset? At,
    [property: Description("line, messenger or owner.")] string? Channel,
    [property: Description("The words agreed to.")] string? Wording);

public sealed record AddressView(string Name, string Address, string Postcode, DateTimeOffset LastUsedAt);

/// <summary>What an erasure removed or blanked, per table (and Redis keys).</summary>
public sealed record ErasureView(string CustomerId, int Identities, IReadOnlyDictionary<string, int> Rows, DateTimeOffset ErasedAt);

/// <summary>A scrub of the database files.</summary>
public sealed record ScrubView([property: Description("An erasure was waiting for it.")] bool WasPending, int Tables, double Seconds);

/// <summary>A customer with recent touchpoints and orders.</summary>
public sealed record CustomerDetailView(CustomerView Customer, IReadOnlyList<Touchpoint> Touchpoints, IReadOnlyList<OrderView> Orders);

/// <summary>Everything kept about one customer.</summary>
public sealed record CustomerExport(
    DateTimeOffset ExportedAt,
    CustomerView Customer,
    string? Notes,
    IReadOnlyList<AddressView> Addresses,
    IReadOnlyList<Touchpoint> Touchpoints,
    IReadOnlyList<OrderView> Orders,
    IReadOnlyList<CaseView> Cases);

public sealed record MergeInput([property: Description("The customer merged into this one (it stays, marked merged, until undone).")] string? SourceId);

public sealed record ConsentInput([property: Description("\"withdrawn\".")] string? Status, [property: Description("Why; recorded as the withdrawal's wording.")] string? Reason);

public sealed record TagsInput([property: Description("The whole set of tags; [] removes all.")] List<string>? Tags);

public sealed record CustomerChange([property: Description("Staff's notes; \"\" clears.")] string? Notes, [property: Description("yyyy-MM-dd; \"\" clears.")] string? Birthday);
