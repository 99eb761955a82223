using System.Security.Cryptography;
using ChatCommerce.Domain.Broadcasts;
using ChatCommerce.Domain.Customers;
using ChatCommerce.Domain.Promotions;
using ChatCommerce.Domain.Staff;
using ChatCommerce.Web.Broadcasts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatCommerce.Web.Admin;

/// <summary>Broadcasts through the owner API: send a message (or a promotion) to a segment or to every consenting customer, and follow its progress.</summary>
public static class BroadcastAdmin
{
    /// <summary>Messenger's text limit is under 2,000 characters; a promotion's name and code go under the owner's text.</summary>
    public const int MaxText = 1_700;

    public static void MapBroadcastApi(RouteGroupBuilder api)
    {
        var broadcasts = api.MapGroup("/broadcasts").WithTags("Broadcasts");
        broadcasts.MapPost("/", CreateAsync)
            .WithSummary("Send a message to a segment (or to every customer who agreed to offers): recipients are chosen now, one chat each; sending goes on in the background.");
        broadcasts.MapGet("/", ListAsync).WithSummary("The latest broadcasts with their progress, newest first.");
        broadcasts.MapGet("/{id}", GetAsync).WithSummary("A broadcast's progress: recipients, sent, pending, and skipped by reason.");
    }

    private static async Task<Results<Accepted<BroadcastProgress>, ValidationProblem>> CreateAsync(
        BroadcastRequest body, IBroadcastStore store, IPromotionStore promotions, BroadcastDispatcher dispatcher, IAuditLog audit, TimeProvider clock, CancellationToken cancellationToken)
    {
        var problems = new Dictionary<string, string[]>();
        var text = body.Text?.Trim() ?? "";
        if (text.Length == 0 || text.Length > MaxText)
        {
            problems["text"] = [$"Write the message, 1 to {MaxText} characters (it has {text.Length})."];
        }

        var name = body.Name?.Trim() is { Length: > 0 } given ? given : text.Length > 40 ? text[..40] : text;
        if (name.Length > 200)
        {
            problems["name"] = ["At most 200 characters."];
        }

        if (body.Segment is { } segment && !Segments.All.Contains(segment))
        {
            problems["segment"] = [$"Unknown segment '{segment}': one of {string.Join(", ", Segments.All)}, or leave it out for every consenting customer."];
        }

        if (body.PromotionId is { } promotionId)
        {
            var promotion = await promotions.GetAsync(promotionId, cancellationToken);
            if (promotion is null)
            {
                problems["promotionId"] = [$"No promotion '{promotionId}'."];
            }
            else if (!promotion.Promotion.Active || promotion.Promotion.EndsAt is { } ends && ends <= clock.GetUtcNow())
            {
                problems["promotionId"] = [$"The promotion '{promotionId}' is not running: switch it on (or extend it) first."];
            }
        }

        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }

        var broadcast = new Broadcast
        {
            Id = "bc_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            Name = name,
            Text = text,
            PromotionId = body.PromotionId,
            Segment = body.Segment,
            CreatedAtMs = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        var progress = await store.CreateAsync(broadcast, Channels.Line.LineLimits.MulticastRecipients, cancellationToken);
        await audit.AppendAsync("api", AuditActions.BroadcastCreated, "broadcast:" + broadcast.Id, $"{progress.Recipients} recipients, segment {broadcast.Segment ?? "all"}", cancellationToken);
        dispatcher.Send(broadcast.Id);
        return TypedResults.Accepted($"/api/v1/broadcasts/{broadcast.Id}", progress);
    }

    private static async Task<Ok<IReadOnlyList<BroadcastProgress>>> ListAsync(IBroadcastStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(50, cancellationToken));

    private static async Task<Results<Ok<BroadcastProgress>, NotFound>> GetAsync(string id, IBroadcastStore store, CancellationToken cancellationToken) =>
        await store.ProgressAsync(id, cancellationToken) is { } progress ? TypedResults.Ok(progress) : TypedResults.NotFound();
}

/// <summary>What the owner sends: <c>text</c>, and optionally <c>name</c>, <c>segment</c> and <c>promotionId</c>.</summary>
public sealed record BroadcastRequest(string? Text, string? Name = null, string? Segment = null, string? PromotionId = null);
