using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using ChatCommerce.Conversations.Handoffs;
using ChatCommerce.Conversations.Inbox;
using ChatCommerce.Conversations.Outbox;
using ChatCommerce.Conversations.Turns;
using ChatCommerce.Dialogs.Orders;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Catalog;
using ChatCommerce.Domain.Orders;
using ChatCommerce.Domain.Ports;
using ChatCommerce.Domain.Replies;
using ChatCommerce.Language;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatCommerce.Web.Admin;

/// <summary>
/// The owner API under <c>/api/v1</c>: products (list, get, create, replace, retire, stock) and
/// orders (list, get, change status, add tracking). Every route needs the bearer key; the
/// OpenAPI document is at <c>/openapi/v1.json</c>.
/// </summary>
public static partial class AdminEndpoints
{
    public const int MaxPage = 200;

    public const int MaxBodyBytes = 1024 * 1024;

    public static IServiceCollection AddOwnerApi(this IServiceCollection services)
    {
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section);
        services.AddSingleton<AdminKeyFilter>();
        services.AddSingleton<KeyFailures>();
        services.AddOptions<Menus.MenuOptions>().BindConfiguration(Menus.MenuOptions.Section);
        services.AddScoped<Menus.MenuPublisher>();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            // A misspelt field would otherwise be dropped without a word (and its value lost).
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        });
        services.AddOpenApi(o => o.AddDocumentTransformer<BearerKeyDocumentTransformer>());
        return services;
    }

    public static void MapOwnerApi(this WebApplication app)
    {
        app.MapOpenApi();
        var api = app.MapGroup("/api/v1").AddEndpointFilter<AdminKeyFilter>().WithTags("Owner API")
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxBodyBytes));

        var products = api.MapGroup("/products").WithTags("Products").AddEndpointFilter(async (context, next) =>
        {
            // A changed catalog changes which products chat messages can name.
            var result = await next(context);
            if (!HttpMethods.IsGet(context.HttpContext.Request.Method))
            {
                context.HttpContext.RequestServices.GetRequiredService<ProductLexiconCache>().Invalidate();
                context.HttpContext.RequestServices.GetRequiredService<ICatalogChanges>().Changed();
            }

            return result;
        });
        products.MapGet("/", ListProductsAsync).WithSummary("List products, optionally of one category; retired ones with includeInactive=true.");
        products.MapGet("/{sku}", GetProductAsync).WithSummary("One product.");
        products.MapPost("/", CreateProductAsync).WithSummary("Create a product.");
        products.MapPut("/{sku}", ReplaceProductAsync).WithSummary("Replace a product's fields.");
        products.MapDelete("/{sku}", RetireProductAsync).WithSummary("Retire a product: it leaves the catalog, its orders keep it.");
        products.MapPut("/{sku}/stock", SetStockAsync).WithSummary("Add or remove units (orders' reservations kept), or set a counted stock; and when it is back, if out of stock.");

        var orders = api.MapGroup("/orders").WithTags("Orders");
        orders.MapGet("/", ListOrdersAsync).WithSummary("Orders, newest first, optionally of one status.");
        orders.MapGet("/{number}", GetOrderAsync).WithSummary("One order by its number (CC000123).");
        api.MapPost("/menus/publish", async (Menus.MenuPublisher publisher, CancellationToken cancellationToken) => TypedResults.Ok(await publisher.PublishAsync(cancellationToken)))
            .WithTags("Menus").WithSummary("Put the LINE rich menu and the Messenger persistent menu (dialogs/menus) on the platforms.");

        var handoffs = api.MapGroup("/handoffs").WithTags("Staff hand-offs");
        handoffs.MapGet("/", ListHandoffsAsync).WithSummary("Conversations waiting for staff, oldest first (the bot is silent in them).");
        handoffs.MapPost("/{channel}/{chatId}/release", ReleaseAsync).WithSummary("Hand a conversation back to the bot.");

        orders.MapPatch("/{number}", ChangeOrderAsync).WithSummary("Change an order's status and/or tracking number; shipped tells the customer in chat.");

        PaymentAdmin.MapPaymentApi(api);
        ConversationAdmin.MapConversationApi(api);
        CaseAdmin.MapCaseApi(api);
        CustomerAdmin.MapCustomerApi(api);
        SegmentAdmin.MapSegmentApi(api);
        AnalyticsAdmin.MapAnalyticsApi(api);
        PromotionAdmin.MapPromotionApi(api);
        BroadcastAdmin.MapBroadcastApi(api);

        var deadLetters = api.MapGroup("/inbox/dead-letters").WithTags("Inbox");
        deadLetters.MapGet("/", ListDeadLettersAsync).WithSummary("Events the bot gave up on after every attempt, newest first, with the reason.");
        deadLetters.MapPost("/{id:long}/retry", RetryDeadLetterAsync).WithSummary("Put a dead letter back in its conversation's queue for a fresh set of attempts.");
    }

    private static async Task<Ok<List<DeadLetterView>>> ListDeadLettersAsync(IInbox inbox, CancellationToken cancellationToken) =>
        TypedResults.Ok((await inbox.DeadLettersAsync(MaxPage, cancellationToken)).Select(DeadLetterView.Of).ToList());

    private static async Task<Results<Accepted, ProblemHttpResult>> RetryDeadLetterAsync(IInbox inbox, IConversationDispatcher dispatcher, TimeProvider time, long id, CancellationToken cancellationToken)
    {
        if (await inbox.RetryDeadLetterAsync(id, time.GetUtcNow(), cancellationToken) is not { } conversation)
        {
            return NotFound("dead letter", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        dispatcher.Schedule(conversation, TimeSpan.Zero);
        return TypedResults.Accepted($"/api/v1/inbox/dead-letters/{id}");
    }

    private static async Task<Ok<List<ProductView>>> ListProductsAsync(ICatalogAdmin catalog, string? category, bool? includeInactive, CancellationToken cancellationToken) =>
        TypedResults.Ok((await catalog.ListAsync(category, includeInactive ?? false, cancellationToken)).Select(ProductView.Of).ToList());

    private static async Task<Results<Ok<ProductView>, ProblemHttpResult>> GetProductAsync(ICatalogAdmin catalog, string sku, CancellationToken cancellationToken) =>
        await catalog.GetAsync(sku, cancellationToken) is { } product ? TypedResults.Ok(ProductView.Of(product)) : NotFound("product", sku);

    private static async Task<Results<Created<ProductView>, ValidationProblem, ProblemHttpResult>> CreateProductAsync(ICatalogAdmin catalog, ProductInput input, CancellationToken cancellationToken)
    {
        var errors = await ValidateAsync(catalog, input, creating: true, cancellationToken);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var product = new Product
        {
            Sku = input.Sku!.Trim(),
            CfCode = input.CfCode.Trim().ToLowerInvariant(),
            CategoryId = input.CategoryId,
            NameTh = input.NameTh.Trim(),
            NameEn = input.NameEn.Trim(),
        };
        Apply(product, input);
        if (!await catalog.CreateAsync(product, cancellationToken))
        {
            return TypedResults.Problem(title: "The SKU or CF code is taken", detail: $"{product.Sku} / {product.CfCode}", statusCode: StatusCodes.Status409Conflict);
        }

        return TypedResults.Created($"/api/v1/products/{Uri.EscapeDataString(product.Sku)}", ProductView.Of(product));
    }

    private static async Task<Results<Ok<ProductView>, ValidationProblem, ProblemHttpResult>> ReplaceProductAsync(ICatalogAdmin catalog, string sku, ProductInput input, CancellationToken cancellationToken)
    {
        var errors = await ValidateAsync(catalog, input, creating: false, cancellationToken);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        try
        {
            var updated = await catalog.UpdateAsync(sku, p => Apply(p, input), cancellationToken);
            return updated is null ? NotFound("product", sku) : TypedResults.Ok(ProductView.Of(updated));
        }
        catch (CfCodeTakenException e)
        {
            return TypedResults.Problem(title: "The CF code is taken", detail: e.Message, statusCode: StatusCodes.Status409Conflict);
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RetireProductAsync(ICatalogAdmin catalog, string sku, CancellationToken cancellationToken) =>
        await catalog.UpdateAsync(sku, p => p.Active = false, cancellationToken) is null ? NotFound("product", sku) : TypedResults.NoContent();

    private static async Task<Results<Ok<ProductView>, ValidationProblem, ProblemHttpResult>> SetStockAsync(ICatalogAdmin catalog, string sku, StockInput input, CancellationToken cancellationToken)
    {
        if ((input.Add is null) == (input.Stock is null))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["add"] = ["Give add (units to add or remove) or stock (a counted figure), not both."] });
        }

        if (input.Stock is < 0 or > 1_000_000 || input.Add is < -1_000_000 or > 1_000_000)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [input.Stock is null ? "add" : "stock"] = ["Stock is a whole number from 0 to 1,000,000."] });
        }

        if (input.Stock is { } counted)
        {
            var updated = await catalog.UpdateAsync(sku, p => (p.Stock, p.RestockOn) = (counted, counted > 0 ? null : input.RestockOn), cancellationToken);
            return updated is null ? NotFound("product", sku) : TypedResults.Ok(ProductView.Of(updated));
        }

        var (product, applied) = await catalog.AdjustStockAsync(sku, input.Add!.Value, cancellationToken);
        if (product is null)
        {
            return NotFound("product", sku);
        }

        if (!applied)
        {
            return TypedResults.Problem(title: "Not that many in stock", detail: $"{sku} has {product.Stock}; removing {-input.Add.Value} would go below 0.", statusCode: StatusCodes.Status409Conflict);
        }

        if (input.RestockOn is not null || product.Stock > 0)
        {
            product = await catalog.UpdateAsync(sku, p => p.RestockOn = p.Stock > 0 ? null : input.RestockOn, cancellationToken) ?? product;
        }

        return TypedResults.Ok(ProductView.Of(product));
    }

    private static async Task<Results<Ok<List<OrderView>>, ValidationProblem>> ListOrdersAsync(IOrderStore orders, OrderStatus? status, int? skip, int? take, CancellationToken cancellationToken)
    {
        if (PageProblem(skip, take) is { } paging)
        {
            return paging;
        }

        var page = await orders.ListAsync(status, skip ?? 0, take ?? 50, cancellationToken);
        return TypedResults.Ok(page.Select(OrderView.Of).ToList());
    }

    private static async Task<Results<Ok<OrderView>, ProblemHttpResult>> GetOrderAsync(IOrderStore orders, string number, CancellationToken cancellationToken) =>
        await orders.GetAsync(number, cancellationToken) is { } order ? TypedResults.Ok(OrderView.Of(order)) : NotFound("order", number);

    private static async Task<Results<Ok<OrderChangeResult>, ValidationProblem, ProblemHttpResult>> ChangeOrderAsync(
        IOrderStore orders, OrderNotifier notifier, IUnitOfWork unitOfWork, OutboxSender sender, ILogger<OrderChangeResult> logger, string number, OrderChange change, CancellationToken cancellationToken)
    {
        if (change.Status is null && change.TrackingNumber is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["Send a status, a trackingNumber, or both."] });
        }

        if (change.TrackingNumber is { } tracking && !TrackingPattern().IsMatch(tracking.Trim()))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["trackingNumber"] = ["4–40 letters, digits or dashes."] });
        }

        // The change and the notice it causes commit together: a notice is stored exactly when the order moved.
        OrderUpdate? update;
        OutboxMessage? notice = null;
        await using (var transaction = await unitOfWork.BeginAsync(cancellationToken))
        {
            try
            {
                update = await orders.UpdateAsync(number, change.Status, change.TrackingNumber, cancellationToken);
            }
            catch (OrderTransitionException e)
            {
                return TypedResults.Problem(title: "This status change is not allowed", detail: e.Message, statusCode: StatusCodes.Status409Conflict);
            }

            if (update is null)
            {
                return NotFound("order", number);
            }

            if (update.ShippedNow)
            {
                notice = await notifier.QueueShippedAsync(update.Order, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        var after = update.Order;
        string? notified = null;
        if (notice is not null)
        {
            notified = (await sender.DeliverAsync([notice], cancellationToken))[notice.Id];
            if (notified != nameof(SendStatus.Pushed))
            {
                logger.LogWarning("Order {Number} shipped; the customer's notice is {Outcome}", after.Number, notified);
            }
        }

        return TypedResults.Ok(new OrderChangeResult(OrderView.Of(after), notified));
    }

    private static async Task<Ok<List<HandoffView>>> ListHandoffsAsync(IHandoffQueue queue, CancellationToken cancellationToken) =>
        TypedResults.Ok((await queue.OpenAsync(MaxPage, cancellationToken))
            .Select(h => new HandoffView(h.Conversation.ChannelName, h.Conversation.ChatId, h.RequestedAt, h.Reason, h.LastText))
            .ToList());

    private static async Task<Results<NoContent, ProblemHttpResult>> ReleaseAsync(HandoffService handoffs, string channel, string chatId, CancellationToken cancellationToken)
    {
        if (!ChannelNames.TryParse(channel, out var parsed) || string.IsNullOrWhiteSpace(chatId))
        {
            return NotFound("conversation", $"{channel}/{chatId}");
        }

        return await handoffs.ReleaseAsync(new ConversationKey(parsed, chatId), cancellationToken)
            ? TypedResults.NoContent()
            : NotFound("hand-off", $"{channel}/{chatId}");
    }

    private static async Task<Dictionary<string, string[]>> ValidateAsync(ICatalogAdmin catalog, ProductInput input, bool creating, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (creating && (input.Sku is null || !SkuPattern().IsMatch(input.Sku.Trim())))
        {
            errors["sku"] = ["Letters, digits and dashes, 1–64 characters."];
        }

        if (input.CfCode is null || !CfPattern().IsMatch(input.CfCode.Trim().ToLowerInvariant()))
        {
            errors["cfCode"] = ["Letters and digits, 1–32 characters."];
        }

        if (string.IsNullOrWhiteSpace(input.NameTh) || input.NameTh.Length > 200)
        {
            errors["nameTh"] = ["A Thai name of 1–200 characters."];
        }

        if (string.IsNullOrWhiteSpace(input.NameEn) || input.NameEn.Length > 200)
        {
            errors["nameEn"] = ["An English name of 1–200 characters."];
        }

        if ((input.DescriptionTh?.Length ?? 0) > 2000 || (input.DescriptionEn?.Length ?? 0) > 2000)
        {
            errors["description"] = ["Descriptions have at most 2,000 characters."];
        }

        if (input.PriceSatang is null or < 0 or > 1_000_000_000)
        {
            errors["priceSatang"] = ["Required: from 0 to 1,000,000,000 satang (฿10,000,000)."];
        }

        if (creating && input.Stock is null or < 0 or > 1_000_000)
        {
            errors["stock"] = ["Required: a whole number from 0 to 1,000,000."];
        }
        else if (!creating && input.Stock is not null)
        {
            // A whole-product PUT read minutes ago would write back a count orders have since reserved from.
            errors["stock"] = ["Stock changes only through PUT /api/v1/products/{sku}/stock."];
        }

        if (input.WeightGrams is null or < 0 or > 100_000)
        {
            errors["weightGrams"] = ["Required: from 0 to 100,000 grams."];
        }

        if (input.Sizes is { } sizes && (sizes.Count > 20 || sizes.Any(s => string.IsNullOrWhiteSpace(s) || s.Length > 16 || s.Contains(',') || s.Contains('/')) || sizes.Distinct(StringComparer.OrdinalIgnoreCase).Count() != sizes.Count))
        {
            errors["sizes"] = ["At most 20 different sizes of 1–16 characters, without commas or slashes."];
        }

        if (input.CategoryId is null || !await catalog.CategoryExistsAsync(input.CategoryId, cancellationToken))
        {
            errors["categoryId"] = ["No such category."];
        }

        return errors;
    }

    private static void Apply(Product product, ProductInput input)
    {
        product.CfCode = input.CfCode.Trim().ToLowerInvariant();
        product.CategoryId = input.CategoryId;
        product.NameTh = input.NameTh.Trim();
        product.NameEn = input.NameEn.Trim();
        product.DescriptionTh = input.DescriptionTh?.Trim() ?? "";
        product.DescriptionEn = input.DescriptionEn?.Trim() ?? "";
        product.PriceSatang = input.PriceSatang!.Value;
        if (input.Stock is { } stock)
        {
            product.Stock = stock;
        }

        product.WeightGrams = input.WeightGrams!.Value;
        product.Sizes = input.Sizes?.Select(s => s.Trim()).ToList() ?? [];
        product.RestockOn = input.RestockOn;
        product.ImagePath = input.ImagePath?.Trim() is { Length: > 0 } image ? image : $"media/products/{product.Sku}.png";
        product.Active = input.Active ?? true;
    }

    /// <summary>The problem with a page's skip and take, or null when they are fine (absent means 0 and 50).</summary>
    public static ValidationProblem? PageProblem(int? skip, int? take) =>
        skip is < 0 || take is < 1 or > MaxPage
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["take"] = [$"skip ≥ 0 and take from 1 to {MaxPage}."] })
            : null;

    private static ProblemHttpResult NotFound(string what, string id) =>
        TypedResults.Problem(title: $"No such {what}", detail: id, statusCode: StatusCodes.Status404NotFound);

    [GeneratedRegex("^[A-Za-z0-9-]{1,64}$")]
    private static partial Regex SkuPattern();

    [GeneratedRegex("^[a-z0-9]{1,32}$")]
    private static partial Regex CfPattern();

    [GeneratedRegex("^[A-Za-z0-9-]{4,40}$")]
    private static partial Regex TrackingPattern();
}
