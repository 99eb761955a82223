using System.ComponentModel;
using ChatCommerce.Domain.Cases;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatCommerce.Web.Admin;

/// <summary>Complaint cases through the owner API, most urgent first.</summary>
public static class CaseAdmin
{
    public static void MapCaseApi(RouteGroupBuilder api) =>
        api.MapGet("/cases", ListAsync).WithTags("Cases").WithSummary("Complaint cases, most severe and soonest due first, optionally of one status (open, resolved, reopened).");

    private static async Task<Results<Ok<List<CaseView>>, ValidationProblem>> ListAsync(ICaseStore cases, string? status, int? skip, int? take, CancellationToken cancellationToken)
    {
        CaseStatus? wanted = null;
        if (status is not null)
        {
            if (!Enum.TryParse<CaseStatus>(status, ignoreCase: true, out var parsed) || int.TryParse(status, out _))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["open, resolved or reopened."] });
            }

            wanted = parsed;
        }

        if (AdminEndpoints.PageProblem(skip, take) is { } paging)
        {
            return paging;
        }

        return TypedResults.Ok((await cases.ListAsync(wanted, skip ?? 0, take ?? 50, cancellationToken)).Select(CaseView.Of).ToList());
    }
}

/// <summary>A complaint case.</summary>
public sealed record CaseView(
    long Id,
    [property: Description("open, resolved or reopened.")] string Status,
    [property: Description("low, medium or high.")] string Severity,
    [property: Description("damaged, wrong_item, missing, late, quality, service or other.")] string Category,
    [property: Description("When a person should have answered (working hours).")] DateTimeOffset DueAt,
    [property: Description("channel:chatId.")] string Conversation,
    string? OrderNumber,
    string Text,
    DateTimeOffset CreatedAt)
{
    public static CaseView Of(ServiceCase c) => new(
        c.Id, c.Status.ToString().ToLowerInvariant(), c.Severity.ToString().ToLowerInvariant(), c.Category,
        DateTimeOffset.FromUnixTimeMilliseconds(c.DueAtMs), c.Conversation, c.OrderNumber, c.Text, DateTimeOffset.FromUnixTimeMilliseconds(c.CreatedAtMs));
}
