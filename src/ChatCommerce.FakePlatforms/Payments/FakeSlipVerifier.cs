using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ChatCommerce.FakePlatforms.Payments;

/// <summary>
/// A slip-verification provider: reads the amount and reference of a <see cref="FakeSlips"/>
/// picture, says whether the reference was verified before (a reused transfer), and refuses a
/// request without its key. Pictures with nothing written on them are unreadable.
/// </summary>
public sealed class FakeSlipVerifier(string apiKey)
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private int _calls;

    public string ApiKey => apiKey;

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Answers every check with this status instead (an outage).</summary>
    public int? FailWith { get; set; }

    public async Task<IResult> CheckAsync(HttpContext http)
    {
        Interlocked.Increment(ref _calls);
        if (http.Request.Headers.Authorization.ToString() != "Bearer " + apiKey)
        {
            return Results.Json(new { error = "unauthorized" }, statusCode: 401);
        }

        if (FailWith is { } status)
        {
            return Results.Json(new { error = "unavailable" }, statusCode: status);
        }

        if (!http.Request.HasFormContentType)
        {
            return Results.Json(new { error = "multipart/form-data expected" }, statusCode: 400);
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (form.Files["slip"] is not { Length: > 0 } file)
        {
            return Results.Json(new { error = "no slip" }, statusCode: 400);
        }

        using var copy = new MemoryStream();
        await file.CopyToAsync(copy, http.RequestAborted);
        var (amount, reference) = FakeSlips.Read(copy.ToArray());
        var paidTo = FakeSlips.Receiver(copy.ToArray());
        var shop = ((string?)form["receiver"] ?? "").Replace("-", "", StringComparison.Ordinal);
        bool used;
        lock (_gate)
        {
            used = reference is not null && !_seen.Add(reference);
        }

        return Results.Json(new JsonObject
        {
            ["readable"] = amount is not null,
            ["amountSatang"] = amount,
            ["receiver"] = paidTo ?? (string?)form["receiver"],
            ["receiverMatches"] = amount is null ? null : paidTo is null || paidTo.Replace("-", "", StringComparison.Ordinal) == shop,
            ["transactionRef"] = reference,
            ["alreadyUsed"] = used,
            ["message"] = amount is null ? "not a slip" : null,
        });
    }
}

public static class FakeSlipVerifierEndpoints
{
    public static IEndpointRouteBuilder MapFakeSlipVerifier(this IEndpointRouteBuilder routes, FakeSlipVerifier fake, string path)
    {
        routes.MapPost(path, (Func<HttpContext, Task<IResult>>)fake.CheckAsync).DisableAntiforgery();
        return routes;
    }
}
