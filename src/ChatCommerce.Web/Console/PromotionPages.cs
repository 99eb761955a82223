using System.Text.Json;
using ChatCommerce.Domain.Catalog;
using ChatCommerce.Domain.Customers;
using ChatCommerce.Domain.Orders;
using ChatCommerce.Domain.Promotions;
using ChatCommerce.Domain.Staff;
using ChatCommerce.Web.Console.Pages;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Web.Console;

/// <summary>
/// The owner's promotions in the console: the list with uses and an on/off switch, editing as JSON
/// (the API's shape, checked by the same validator, what to fix shown), and the nudge experiment.
/// </summary>
internal static class PromotionPages
{
    private static readonly JsonSerializerOptions Strict = new(PromotionJson.Options) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow };

    private static readonly JsonSerializerOptions Pretty = new(PromotionJson.Options) { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Map(RouteGroupBuilder owner)
    {
        owner.MapGet("/promotions", async (HttpContext http, string? done, IPromotionStore store, INudgeLog nudges, IOptions<PromotionOptions> options, TimeProvider clock, CancellationToken ct) =>
            ConsoleEndpoints.Page<PromotionsPage>(new
            {
                Model = new PromotionsModel(
                    ConsoleEndpoints.View(http, "promotions"), await store.ListAsync(ct),
                    await nudges.ReportAsync(clock.GetUtcNow() - TimeSpan.FromDays(30), options.Value.HoldoutPercent, ct),
                    done is "saved" or "switched" or "deleted" ? done : null),
            }));
        owner.MapGet("/promotions/new", (HttpContext http) =>
            ConsoleEndpoints.Page<PromotionPage>(new { Model = new PromotionModel(ConsoleEndpoints.View(http, "promotions"), null, Write(Template), []) }));
        owner.MapGet("/promotions/{id}", async (HttpContext http, string id, IPromotionStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { } stored
                ? ConsoleEndpoints.Page<PromotionPage>(new { Model = new PromotionModel(ConsoleEndpoints.View(http, "promotions"), id, Write(stored.Promotion), []) })
                : ConsoleEndpoints.NotFound(http));
        owner.MapPost("/promotions/new", (HttpContext http, IPromotionStore store, ICatalogReader catalog, ICustomerScores scores, IOptions<ShippingOptions> shipping, IAuditLog audit, CancellationToken ct) =>
            SaveAsync(http, null, store, catalog, scores, shipping.Value, audit, ct));
        owner.MapPost("/promotions/{id}", (HttpContext http, string id, IPromotionStore store, ICatalogReader catalog, ICustomerScores scores, IOptions<ShippingOptions> shipping, IAuditLog audit, CancellationToken ct) =>
            SaveAsync(http, id, store, catalog, scores, shipping.Value, audit, ct));
        owner.MapPost("/promotions/{id}/toggle", async (HttpContext http, string id, IPromotionStore store, IAuditLog audit, CancellationToken ct) =>
        {
            if (await store.GetAsync(id, ct) is not { } stored)
            {
                return ConsoleEndpoints.NotFound(http);
            }

            stored.Promotion.Active = !stored.Promotion.Active;
            await store.ReplaceAsync(stored.Promotion, ct);
            await audit.AppendAsync(ConsoleEndpoints.Me(http).Actor, AuditActions.PromotionSaved, "promotion:" + id, stored.Promotion.Active ? "switched on" : "switched off", ct);
            return Results.Redirect("/console/promotions?done=switched");
        });
        owner.MapPost("/promotions/{id}/delete", async (HttpContext http, string id, IPromotionStore store, IAuditLog audit, CancellationToken ct) =>
        {
            if (!await store.DeleteAsync(id, ct))
            {
                return ConsoleEndpoints.NotFound(http);
            }

            await audit.AppendAsync(ConsoleEndpoints.Me(http).Actor, AuditActions.PromotionDeleted, "promotion:" + id, null, ct);
            return Results.Redirect("/console/promotions?done=deleted");
        });
    }

    /// <summary>A new promotion starts from this: a spend-over the owner changes.</summary>
    private static Promotion Template => new()
    {
        Id = "new-promotion",
        Name = "ช้อปครบ ฿500 ลด ฿30",
        NameEn = "Spend ฿500, save ฿30",
        Kind = PromotionKinds.SpendOver,
        Active = false,
        Steps = [new PromotionStep { MinSatang = 50_000, AmountSatang = 3_000 }],
    };

    private static string Write(Promotion promotion) => JsonSerializer.Serialize(promotion, Pretty);

    private static async Task<IResult> SaveAsync(HttpContext http, string? id, IPromotionStore store, ICatalogReader catalog, ICustomerScores scores, ShippingOptions shipping, IAuditLog audit, CancellationToken ct)
    {
        var json = (await http.Request.ReadFormAsync(ct))["json"].ToString();
        IResult Again(params PromotionProblem[] problems) =>
            ConsoleEndpoints.Page<PromotionPage>(new { Model = new PromotionModel(ConsoleEndpoints.View(http, "promotions"), id, json, problems) }, StatusCodes.Status400BadRequest);

        Promotion promotion;
        try
        {
            // A misspelt field is refused, not dropped.
            promotion = JsonSerializer.Deserialize<Promotion>(json, Strict) ?? throw new JsonException("Empty.");
        }
        catch (JsonException e)
        {
            return Again(new PromotionProblem("json", e.Message));
        }

        if (id is not null)
        {
            promotion.Id = id;
        }

        var problems = PromotionValidator.Validate(promotion, await Admin.PromotionAdmin.ReferencesAsync(catalog, scores, shipping, ct));
        if (problems.Count > 0)
        {
            return Again([.. problems]);
        }

        var saved = id is null ? await store.AddAsync(promotion, ct) : await store.ReplaceAsync(promotion, ct);
        switch (saved)
        {
            case PromotionSave.Taken:
                return Again(new PromotionProblem(id is null ? "id" : "code", id is null ? $"'{promotion.Id}' or its code is taken" : $"the code '{promotion.Code}' is another promotion's"));
            case PromotionSave.NotFound:
                return ConsoleEndpoints.NotFound(http);
        }

        await audit.AppendAsync(ConsoleEndpoints.Me(http).Actor, AuditActions.PromotionSaved, "promotion:" + promotion.Id, id is null ? "created " + promotion.Kind : "replaced", ct);
        return Results.Redirect("/console/promotions?done=saved");
    }
}
