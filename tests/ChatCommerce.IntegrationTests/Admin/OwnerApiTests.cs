using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ChatCommerce.Domain.Orders;
using ChatCommerce.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.IntegrationTests.Admin;

/// <summary>The owner API on the real host: bearer key, products, stock, orders, and the shipped notice through fake LINE.</summary>
public sealed class OwnerApiTests : HostedTest
{
    private const string Key = "test-owner-key-0123456789";
    private const string User = "U0c1d2e3f405162738495a6b7c8d9e0f1";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["ChatCommerce:Admin:ApiKey"] = Key };

    private HttpClient Owner()
    {
        var client = new HttpClient { BaseAddress = new Uri(Host.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        return client;
    }

    private static JsonObject NewProduct(string sku = "MUG-1", string cf = "hm1") => new()
    {
        ["sku"] = sku,
        ["cfCode"] = cf,
        ["categoryId"] = "snacks",
        ["nameTh"] = "แก้วเซรามิก",
        ["nameEn"] = "Ceramic mug",
        ["priceSatang"] = 24900,
        ["stock"] = 10,
        ["weightGrams"] = 350,
        ["sizes"] = new JsonArray("S", "L"),
    };

    [Fact]
    public async Task WithoutTheRightKeyNothingIsShownOrChanged()
    {
        var anonymous = await Host.Http.GetAsync("/api/v1/products");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.ToString());
        using var wrong = new HttpClient { BaseAddress = new Uri(Host.BaseUrl) };
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.PostAsJsonAsync("/api/v1/products", NewProduct())).StatusCode);
        using var owner = Owner();
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync("/api/v1/products/MUG-1")).StatusCode);
    }

    [Fact]
    public async Task ProductsAreCreatedValidatedReplacedStockedAndRetired()
    {
        using var owner = Owner();
        var all = await owner.GetFromJsonAsync<JsonArray>("/api/v1/products");
        Assert.Equal(15, all!.Count);

        var bad = await owner.PostAsJsonAsync("/api/v1/products", new JsonObject { ["sku"] = "bad sku!", ["cfCode"] = "", ["categoryId"] = "nope", ["nameTh"] = "", ["nameEn"] = "x", ["priceSatang"] = -1, ["stock"] = 1, ["weightGrams"] = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("sku") && errors.ContainsKey("cfCode") && errors.ContainsKey("categoryId") && errors.ContainsKey("nameTh") && errors.ContainsKey("priceSatang"), errors.ToJsonString());

        var created = await owner.PostAsJsonAsync("/api/v1/products", NewProduct());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/v1/products/MUG-1", created.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Conflict, (await owner.PostAsJsonAsync("/api/v1/products", NewProduct("MUG-2", "hm1"))).StatusCode);

        var replacement = NewProduct();
        replacement.Remove("stock");
        replacement["priceSatang"] = 19900;
        replacement["sizes"] = new JsonArray();
        var replaced = await (await owner.PutAsJsonAsync("/api/v1/products/MUG-1", replacement)).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(19900, (long)replaced!["priceSatang"]!);
        Assert.Empty(replaced["sizes"]!.AsArray());
        var taken = NewProduct();
        taken.Remove("stock");
        taken["cfCode"] = "dm1";
        Assert.Equal(HttpStatusCode.Conflict, (await owner.PutAsJsonAsync("/api/v1/products/MUG-1", taken)).StatusCode);
        var missing = NewProduct();
        missing.Remove("stock");
        Assert.Equal(HttpStatusCode.NotFound, (await owner.PutAsJsonAsync("/api/v1/products/NOPE", missing)).StatusCode);

        var restock = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(9)).ToString("yyyy-MM-dd");
        var stocked = await (await owner.PutAsJsonAsync("/api/v1/products/MUG-1/stock", new { stock = 0, restockOn = restock })).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(0, (int)stocked!["stock"]!);
        Assert.Equal(restock, (string?)stocked["restockOn"]);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PutAsJsonAsync("/api/v1/products/MUG-1/stock", new { stock = -3 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.PutAsJsonAsync("/api/v1/products/NOPE/stock", new { stock = 3 })).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync("/api/v1/products/MUG-1")).StatusCode);
        Assert.Equal(15, (await owner.GetFromJsonAsync<JsonArray>("/api/v1/products"))!.Count);
        Assert.Equal(16, (await owner.GetFromJsonAsync<JsonArray>("/api/v1/products?includeInactive=true"))!.Count);
        Assert.Equal(5, (await owner.GetFromJsonAsync<JsonArray>("/api/v1/products?category=snacks"))!.Count);
    }

    [Fact]
    public async Task RequiredFieldsAreRequiredAndUnknownOnesRefused()
    {
        using var owner = Owner();
        var noPrice = NewProduct();
        noPrice.Remove("priceSatang");
        noPrice.Remove("stock");
        var refused = await owner.PostAsJsonAsync("/api/v1/products", noPrice);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("priceSatang") && errors.ContainsKey("stock"), errors.ToJsonString());

        var misspelt = NewProduct("MUG-9", "hm9");
        misspelt["colour"] = "red";
        var unknown = await owner.PostAsJsonAsync("/api/v1/products", misspelt);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("Unknown field $.colour.", (string?)(await unknown.Content.ReadFromJsonAsync<JsonObject>())!["detail"]);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync("/api/v1/products/MUG-9")).StatusCode);

        var wrongType = NewProduct("MUG-9", "hm9");
        wrongType["priceSatang"] = "free";
        var typed = await owner.PostAsJsonAsync("/api/v1/products", wrongType);
        Assert.Equal(HttpStatusCode.BadRequest, typed.StatusCode);
        Assert.Equal("The value of $.priceSatang has the wrong type.", (string?)(await typed.Content.ReadFromJsonAsync<JsonObject>())!["detail"]);
    }

    [Fact]
    public async Task EveryErrorIsAProblemDetailsWithoutInternals()
    {
        using var owner = Owner();
        async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("ChatCommerce.", body);
            Assert.DoesNotContain("   at ", body);
            return JsonNode.Parse(body)!.AsObject();
        }

        var malformed = await ProblemAsync(await owner.PostAsync("/api/v1/products", new StringContent("{\"sku\": \"A\",", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        Assert.StartsWith("Malformed JSON", (string?)malformed["detail"]);
        await ProblemAsync(await owner.PostAsync("/api/v1/products", new StringContent("sku=A", Encoding.UTF8, "text/plain")), HttpStatusCode.UnsupportedMediaType);
        // Expect: 100-continue, as a careful client sends a large body: the host refuses it before the
        // body is sent (without it, the host's early 413 can race the client still writing: a broken pipe).
        using var huge = new HttpRequestMessage(HttpMethod.Post, "/api/v1/products")
        {
            Content = new StringContent("{\"nameTh\":\"" + new string('ก', 600_000) + "\"}", Encoding.UTF8, "application/json"),
        };
        huge.Headers.ExpectContinue = true;
        await ProblemAsync(await owner.SendAsync(huge), HttpStatusCode.RequestEntityTooLarge);
        await ProblemAsync(await owner.GetAsync("/api/v1/no-such-thing"), HttpStatusCode.NotFound);
        await ProblemAsync(await owner.DeleteAsync("/api/v1/orders"), HttpStatusCode.MethodNotAllowed);
        await ProblemAsync(await owner.GetAsync("/api/v1/products/NOPE"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AServerFaultIsA500ProblemDetailsWithoutInternals()
    {
        await using var fakes = await FakePlatformServer.StartAsync();
        await using var host = await TestHost.StartAsync(fakes, Settings, services => services.AddScoped<ChatCommerce.Domain.Catalog.ICatalogAdmin, BrokenCatalog>());
        using var owner = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        owner.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        var response = await owner.GetAsync("/api/v1/products");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("secret connection detail", body);
        Assert.DoesNotContain("BrokenCatalog", body);
        Assert.DoesNotContain("   at ", body);
    }

    private sealed class BrokenCatalog : ChatCommerce.Domain.Catalog.ICatalogAdmin
    {
        public Task<IReadOnlyList<ChatCommerce.Domain.Catalog.Product>> ListAsync(string? categoryId, bool includeInactive, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("secret connection detail: Host=db;Password=hunter2");

        public Task<ChatCommerce.Domain.Catalog.Product?> GetAsync(string sku, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> CategoryExistsAsync(string categoryId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> CreateAsync(ChatCommerce.Domain.Catalog.Product product, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<ChatCommerce.Domain.Catalog.Product?> UpdateAsync(string sku, Action<ChatCommerce.Domain.Catalog.Product> change, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<(ChatCommerce.Domain.Catalog.Product? Product, bool Applied)> AdjustStockAsync(string sku, int change, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    [Fact]
    public async Task StockIsChangedOnlyThroughTheStockEndpointAndKeepsWhatOrdersReserved()
    {
        using var owner = Owner();
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync("/api/v1/products", NewProduct())).StatusCode);
        var read = await owner.GetFromJsonAsync<JsonObject>("/api/v1/products/MUG-1");

        // Meanwhile three units go (an order reserves them; the owner's page still says 10).
        var reserved = await (await owner.PutAsJsonAsync("/api/v1/products/MUG-1/stock", new { add = -3 })).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(7, (int)reserved!["stock"]!);

        // A whole-product PUT from the stale page may not carry stock, and does not touch it.
        var stale = NewProduct();
        stale["priceSatang"] = 25900;
        var refused = await owner.PutAsJsonAsync("/api/v1/products/MUG-1", stale);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().ContainsKey("stock"));
        stale.Remove("stock");
        var saved = await (await owner.PutAsJsonAsync("/api/v1/products/MUG-1", stale)).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(25900, (long)saved!["priceSatang"]!);
        Assert.Equal(7, (int)saved["stock"]!);
        Assert.Equal(10, (int)read!["stock"]!);

        var added = await (await owner.PutAsJsonAsync("/api/v1/products/MUG-1/stock", new { add = 5 })).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(12, (int)added!["stock"]!);
        Assert.Equal(HttpStatusCode.Conflict, (await owner.PutAsJsonAsync("/api/v1/products/MUG-1/stock", new { add = -13 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PutAsJsonAsync("/api/v1/products/MUG-1/stock", new { add = 1, stock = 3 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PutAsJsonAsync("/api/v1/products/MUG-1/stock", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.PutAsJsonAsync("/api/v1/products/NOPE/stock", new { add = 1 })).StatusCode);
        Assert.Equal(12, (int)(await owner.GetFromJsonAsync<JsonObject>("/api/v1/products/MUG-1"))!["stock"]!);
    }

    [Fact]
    public async Task WrongKeysCannotBeTriedWithoutLimit()
    {
        using var wrong = new HttpClient { BaseAddress = new Uri(Host.BaseUrl) };
        for (var i = 0; i < ChatCommerce.Web.Admin.KeyFailures.Allowed; i++)
        {
            wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "guess-" + i);
            Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/v1/products")).StatusCode);
        }

        var limited = await wrong.GetAsync("/api/v1/products");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, ChatCommerce.Web.Admin.KeyFailures.Window.TotalSeconds);
        // While the client is refused, even the right key waits: guessing gains nothing.
        using var owner = Owner();
        Assert.Equal(HttpStatusCode.TooManyRequests, (await owner.GetAsync("/api/v1/products")).StatusCode);
    }

    [Fact]
    public async Task AProductCreatedByTheOwnerCanBeOrderedInChatAtOnce()
    {
        Fakes.Line.AddUser(User, "Ploy", "en");
        await Fakes.Line.DeliverAsync(Fakes.Line.TextEvent(User, "hello"));
        await Eventually.ValueAsync(() => Fakes.Line.SentTo(User), s => s.Count == 1);
        using var owner = Owner();
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync("/api/v1/products", NewProduct())).StatusCode);
        await Fakes.Line.DeliverAsync(Fakes.Line.TextEvent(User, "cf hm1 2 size L"));
        var sent = await Eventually.ValueAsync(() => Fakes.Line.SentTo(User), s => s.Count == 2);
        var text = string.Join('\n', sent[1].Messages.Select(m => (string?)m!["text"]));
        Assert.Contains("Added Ceramic mug (L) × 2", text);
    }

    [Fact]
    public async Task MalformedOrOversizedBodiesAreClearErrors()
    {
        using var owner = Owner();
        var malformed = await owner.PostAsync("/api/v1/products", new StringContent("{\"sku\": ", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        var wrongType = await owner.PostAsync("/api/v1/products", new StringContent("{\"sku\": 5, \"priceSatang\": \"lots\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        var badStatus = await owner.PatchAsync("/api/v1/orders/CC000001", new StringContent("{\"status\": \"Teleported\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
    }

    [Fact]
    public Task ParallelCancelsRestockOnceAndParallelShippedIsAnnouncedOnce() =>
        ParallelOrderChanges.CancelsRestockOnceAndShippedIsAnnouncedOnceAsync(Host, Fakes, "U0c1d2e3f405162738495a6b7c8d9e0f2");

    [Fact]
    public async Task ShippingAnOrderTellsTheCustomerOnceWithTheTrackingNumber()
    {
        Fakes.Line.AddUser(User, "Ploy", "th");
        Order order;
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IOrderStore>();
            var draft = new OrderDraft("api-test-1", "line", User, "th", "พลอย", "0812345678", "1 ถนนสีลม กรุงเทพฯ 10500", "10500", "standard", "cod", [new BasketLine("SN-TEA", 2)]);
            order = ((PlaceOrderResult.Placed)await store.PlaceAsync(draft, ShippingOptions.Defaults[0], default)).Order;
        }

        using var owner = Owner();
        var listed = await owner.GetFromJsonAsync<JsonArray>("/api/v1/orders?status=Confirmed");
        Assert.Equal(order.Number, (string?)Assert.Single(listed!)!["number"]);
        Assert.Empty((await owner.GetFromJsonAsync<JsonArray>("/api/v1/orders?status=Shipped"))!);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.GetAsync("/api/v1/orders?take=0")).StatusCode);
        var one = await owner.GetFromJsonAsync<JsonObject>($"/api/v1/orders/{order.Number}");
        Assert.Equal(36000, (long)one!["subtotalSatang"]!);
        Assert.Equal("SN-TEA", (string?)one["lines"]![0]!["sku"]);

        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PatchAsJsonAsync($"/api/v1/orders/{order.Number}", new { trackingNumber = "no spaces allowed" })).StatusCode);
        var shipped = await owner.PatchAsJsonAsync($"/api/v1/orders/{order.Number}", new { status = "Shipped", trackingNumber = "TH0123456789" });
        Assert.Equal(HttpStatusCode.OK, shipped.StatusCode);
        var result = await shipped.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("Pushed", (string?)result!["customerNotified"]);
        Assert.Equal("Shipped", (string?)result["order"]!["status"]);

        var push = Assert.Single(await Eventually.ValueAsync(() => Fakes.Line.SentTo(User), s => s.Count >= 1));
        Assert.Equal("push", push.Kind);
        var text = (string)push.Messages[0]!["text"]!;
        Assert.Contains(order.Number, text);
        Assert.Contains("TH0123456789", text);
        Assert.Contains("จัดส่งแล้วค่ะ", text);

        // Saying shipped again changes nothing and tells nobody; going back is refused.
        var again = await (await owner.PatchAsJsonAsync($"/api/v1/orders/{order.Number}", new { status = "Shipped" })).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Null((string?)again!["customerNotified"]);
        Assert.Equal(HttpStatusCode.Conflict, (await owner.PatchAsJsonAsync($"/api/v1/orders/{order.Number}", new { status = "AwaitingPayment" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.PatchAsJsonAsync("/api/v1/orders/CC999999", new { status = "Shipped" })).StatusCode);
        await Eventually.QuietAsync();
        Assert.Single(Fakes.Line.SentTo(User));
    }

    [Fact]
    public async Task AShopperWhoAsksForStaffWaitsInTheQueueUntilStaffHandBack()
    {
        Fakes.Line.AddUser(User, "Ploy", "th");
        await Fakes.Line.DeliverAsync(Fakes.Line.TextEvent(User, "ขอคุยกับพนักงานค่ะ"));
        var sent = await Eventually.ValueAsync(() => Fakes.Line.SentTo(User), s => s.Count == 1);
        Assert.Contains("ส่งต่อให้พนักงานแล้วค่ะ", (string)sent[0].Messages[0]!["text"]!);

        using var owner = Owner();
        var queue = await owner.GetFromJsonAsync<JsonArray>("/api/v1/handoffs");
        var waiting = Assert.Single(queue!)!;
        Assert.Equal("line", (string?)waiting["channel"]);
        Assert.Equal(User, (string?)waiting["chatId"]);
        Assert.Equal("ขอคุยกับพนักงานค่ะ", (string?)waiting["lastText"]);

        await Fakes.Line.DeliverAsync(Fakes.Line.TextEvent(User, "ขอคุยกับพนักงานค่ะ อีกรอบ"));
        await Eventually.QuietAsync();
        Assert.Single(Fakes.Line.SentTo(User));

        // Staff ownership never lapses back to the bot by the state's usual 30-day expiry.
        var expires = await Host.QueryAsync(db => db.States.Where(s => s.Key == "conv:line:" + User).Select(s => s.ExpiresAtMs).SingleAsync());
        Assert.True(DateTimeOffset.FromUnixTimeMilliseconds(expires) > DateTimeOffset.UtcNow.AddYears(5));
        Assert.Single((await owner.GetFromJsonAsync<JsonArray>("/api/v1/handoffs"))!);

        Assert.Equal(HttpStatusCode.NoContent, (await owner.PostAsync($"/api/v1/handoffs/line/{User}/release", null)).StatusCode);
        Assert.Empty((await owner.GetFromJsonAsync<JsonArray>("/api/v1/handoffs"))!);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.PostAsync($"/api/v1/handoffs/line/{User}/release", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.PostAsync("/api/v1/handoffs/fax/123/release", null)).StatusCode);

        await Fakes.Line.DeliverAsync(Fakes.Line.TextEvent(User, "สวัสดีค่ะ"));
        sent = await Eventually.ValueAsync(() => Fakes.Line.SentTo(User), s => s.Count == 2);
        Assert.Contains("สวัสดีค่ะ คุณPloy", (string)sent[1].Messages[0]!["text"]!);
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheApiAndItsKey()
    {
        var document = await Host.Http.GetFromJsonAsync<JsonObject>("/openapi/v1.json");
        Assert.StartsWith("3.", (string?)document!["openapi"]);
        var paths = document["paths"]!.AsObject();
        foreach (var path in new[]
        {
            "/api/v1/products", "/api/v1/products/{sku}", "/api/v1/products/{sku}/stock", "/api/v1/orders", "/api/v1/orders/{number}",
            "/api/v1/orders/{number}/payments", "/api/v1/orders/{number}/payments/{id}/confirm", "/api/v1/orders/{number}/payments/{id}/reject",
            "/api/v1/orders/{number}/history", "/api/v1/payments", "/api/v1/payments/{id}/slip", "/api/v1/settings/payments",
            "/api/v1/conversations", "/api/v1/conversations/{channel}/{chatId}/takeover", "/api/v1/conversations/{channel}/{chatId}/reply", "/api/v1/conversations/{channel}/{chatId}/handback", "/api/v1/cases",
        })
        {
            Assert.True(paths.ContainsKey(path), $"{path} missing from {string.Join(", ", paths.Select(p => p.Key))}");
        }

        Assert.NotNull(paths["/api/v1/orders/{number}"]!["patch"]);
        Assert.Equal("bearer", (string?)document["components"]!["securitySchemes"]!["bearer"]!["scheme"]);
        Assert.NotNull(document["components"]!["schemas"]!["ProductInput"]);
        Assert.NotNull(paths["/api/v1/settings/payments"]!["put"]);
        var payment = document["components"]!["schemas"]!["PaymentView"]!["properties"]!.AsObject();
        Assert.All(new[] { "method", "amountSatang", "status", "payload", "slipUrl", "reference", "history" }, p => Assert.True(payment.ContainsKey(p), p));
    }
}

/// <summary>Without a key configured, the owner API is off.</summary>
public sealed class OwnerApiUnconfiguredTests : HostedTest
{
    [Fact]
    public async Task TheApiAnswersServiceUnavailableAndSaysWhatToSet()
    {
        var response = await Host.Http.GetAsync("/api/v1/orders");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("ChatCommerce:Admin:ApiKey", await response.Content.ReadAsStringAsync());
    }
}
