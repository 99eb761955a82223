using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatCommerce.Domain.Cases;
using ChatCommerce.Domain.Customers;
using ChatCommerce.Domain.Orders;
using ChatCommerce.Infrastructure.Data;
using ChatCommerce.IntegrationTests.Production;
using ChatCommerce.IntegrationTests.Support;

namespace ChatCommerce.IntegrationTests.Customers;

/// <summary>/api/v1/analytics on both databases: what counts as sold, shop days (Bangkok), conversion, repeat rate, complaints, CSAT and NPS.</summary>
public abstract class AnalyticsContract : ProviderContract
{
    private static readonly TimeSpan Bangkok = TimeSpan.FromHours(7);
    private int _orders;

    private static long At(int day, int hour, int minute = 0) => new DateTimeOffset(2026, 11, day, hour, minute, 0, Bangkok).ToUnixTimeMilliseconds();

    private Order NewOrder(string user, long at, long total, OrderStatus status, PaymentState payment, string method = "transfer", params (string Sku, int Quantity, long Price)[] lines)
    {
        var n = ++_orders;
        return new Order
        {
            Number = $"A{n:D6}", IdempotencyKey = $"analytics-{n}", Channel = "line", UserId = user, Status = status, PaymentState = payment, PaymentMethod = method,
            TotalSatang = total, CreatedAtMs = at, UpdatedAtMs = at,
            Lines = lines.Select(l => new OrderLine { Sku = l.Sku, Name = l.Sku + " name", Quantity = l.Quantity, UnitPriceSatang = l.Price }).ToList(),
        };
    }

    private static InteractionRecord Touch(string user, long at, string kind, string direction = "Inbound") =>
        new() { Conversation = "line:" + user, Channel = "line", UserId = user, Direction = direction, Kind = kind, AtMs = at };

    [Fact]
    public async Task TheFiguresCountWhatWasSoldInTheShopsDays()
    {
        await Host.QueryAsync(async db =>
        {
            foreach (var (user, orders) in new[] { ("U1", 2), ("U2", 1), ("U3", 0) })
            {
                var id = CustomerIds.New();
                db.Customers.Add(new Customer { Id = id, CreatedAtMs = At(1, 0), UpdatedAtMs = At(1, 0), OrderCount = orders });
                db.Contacts.Add(new ContactRecord { Channel = "line", UserId = user, CustomerId = id, FirstSeenAtMs = At(1, 0), UpdatedAtMs = At(1, 0) });
            }

            db.Orders.AddRange(
                NewOrder("U1", At(1, 10), 30_000, OrderStatus.Delivered, PaymentState.Paid, lines: [("SKU1", 2, 10_000), ("SKU2", 1, 10_000)]),
                NewOrder("U1", At(1, 23, 30), 10_000, OrderStatus.Confirmed, PaymentState.Paid, lines: [("SKU1", 1, 10_000)]),
                NewOrder("U2", At(2, 0, 30), 20_000, OrderStatus.Shipped, PaymentState.OnDelivery, "cod", [("SKU2", 2, 10_000)]),
                NewOrder("U2", At(2, 9), 99_900, OrderStatus.Cancelled, PaymentState.Unpaid, lines: [("SKU9", 9, 11_100)]),
                NewOrder("U3", At(2, 10), 50_000, OrderStatus.AwaitingPayment, PaymentState.Unpaid, lines: [("SKU9", 5, 10_000)]),
                NewOrder("U1", At(3, 10), 0, OrderStatus.Confirmed, PaymentState.Paid, "none", [("SKU1", 1, 0)]),
                NewOrder("U1", At(5, 10), 70_000, OrderStatus.Confirmed, PaymentState.Paid, lines: [("SKU1", 7, 10_000)]));
            db.Interactions.AddRange(
                Touch("U1", At(1, 9), "message:text"), Touch("U1", At(1, 10), "order"), Touch("U1", At(1, 9), "TextReply", "Outbound"),
                Touch("U2", At(2, 0), "message:text"), Touch("U2", At(2, 0, 30), "order"),
                Touch("U3", At(2, 9), "message:text"), Touch("U3", At(3, 9), "follow"),
                Touch("U4", At(9, 9), "message:text"));
            db.Cases.AddRange(
                new ServiceCase { Conversation = "line:U1", Text = "x", OpenedByEvent = "e1", CreatedAtMs = At(2, 9), UpdatedAtMs = At(2, 14), ResolvedAtMs = At(2, 14), CsatScore = 4, Status = CaseStatus.Resolved },
                new ServiceCase { Conversation = "line:U2", Text = "y", OpenedByEvent = "e2", CreatedAtMs = At(3, 9), UpdatedAtMs = At(3, 9) });
            db.Surveys.AddRange(
                new Survey { CustomerId = "c1", Kind = SurveyKinds.Csat, Conversation = "line:U1", AskedAtMs = At(2, 9), Score = 5, AnsweredAtMs = At(2, 10) },
                new Survey { CustomerId = "c2", Kind = SurveyKinds.Csat, Conversation = "line:U2", AskedAtMs = At(2, 9), Score = 3, AnsweredAtMs = At(2, 10) },
                new Survey { CustomerId = "c1", Kind = SurveyKinds.Nps, Conversation = "line:U1", AskedAtMs = At(3, 9), Score = 10, AnsweredAtMs = At(3, 10) },
                new Survey { CustomerId = "c2", Kind = SurveyKinds.Nps, Conversation = "line:U2", AskedAtMs = At(3, 9), Score = 8, AnsweredAtMs = At(3, 10) },
                new Survey { CustomerId = "c3", Kind = SurveyKinds.Nps, Conversation = "line:U3", AskedAtMs = At(3, 9), Score = 2, AnsweredAtMs = At(3, 10) },
                new Survey { CustomerId = "c3", Kind = SurveyKinds.Nps, Conversation = "line:U3", AskedAtMs = At(3, 9) });
            return await db.SaveChangesAsync();
        });

        using var owner = Owner();
        var sales = (await owner.GetFromJsonAsync<JsonObject>("/api/v1/analytics/sales?from=2026-11-01&to=2026-11-03"))!;
        // 00:30 on the 2nd in Bangkok is still the 1st in UTC: it counts on the 2nd.
        Assert.Equal(
            [("2026-11-01", 2, 40_000L), ("2026-11-02", 1, 20_000L), ("2026-11-03", 0, 0L)],
            sales["days"]!.AsArray().Select(d => ((string)d!["date"]!, (int)d["orders"]!, (long)d["revenueSatang"]!)));
        Assert.Equal(
            [("SKU1", 3, 30_000L), ("SKU2", 3, 30_000L)],
            sales["products"]!.AsArray().Select(p => ((string)p!["sku"]!, (int)p["quantity"]!, (long)p["revenueSatang"]!)));

        var summary = (await owner.GetFromJsonAsync<JsonObject>("/api/v1/analytics/summary?from=2026-11-01&to=2026-11-03"))!;
        Assert.Equal((3, 2, 0.6667), ((int)summary["conversations"]!, (int)summary["conversationsWithOrder"]!, (double)summary["conversion"]!));
        Assert.Equal((3, 60_000L, 20_000L), ((int)summary["orders"]!, (long)summary["revenueSatang"]!, (long)summary["averageOrderValueSatang"]!));
        Assert.Equal((2, 1, 0.5), ((int)summary["buyers"]!, (int)summary["repeatBuyers"]!, (double)summary["repeatRate"]!));
        Assert.Equal((2, 1, 5.0), ((int)summary["complaints"]!, (int)summary["complaintsResolved"]!, (double)summary["medianHoursToResolve"]!));
        Assert.Equal((2, 4.0), ((int)summary["csat"]!["answers"]!, (double)summary["csat"]!["average"]!));
        Assert.Equal((1, 4.0), ((int)summary["caseCsat"]!["answers"]!, (double)summary["caseCsat"]!["average"]!));
        var nps = summary["nps"]!;
        Assert.Equal((3, 1, 1, 1, 0.0), ((int)nps["answers"]!, (int)nps["promoters"]!, (int)nps["passives"]!, (int)nps["detractors"]!, (double)nps["score"]!));

        Assert.Equal(HttpStatusCode.BadRequest, (await owner.GetAsync("/api/v1/analytics/sales?from=1/11/2026")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.GetAsync("/api/v1/analytics/sales?from=2026-11-05&to=2026-11-01")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.GetAsync("/api/v1/analytics/summary?from=2024-01-01&to=2026-11-01")).StatusCode);
        Assert.Equal(30, (await owner.GetFromJsonAsync<JsonObject>("/api/v1/analytics/sales"))!["days"]!.AsArray().Count);
    }
}

public sealed class SqliteAnalyticsTests : AnalyticsContract
{
    protected override Task<IDictionary<string, string?>> SettingsAsync() => Task.FromResult<IDictionary<string, string?>>(new Dictionary<string, string?>());
}

[Collection(ProductionCollection.Name)]
public sealed class PostgresAnalyticsTests(ProductionServers servers) : AnalyticsContract
{
    protected override async Task<IDictionary<string, string?>> SettingsAsync() =>
        new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = await servers.Postgres.CreateDatabaseAsync() };
}
