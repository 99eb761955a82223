using Hangfire;
using ChatCommerce.Infrastructure.Jobs;
using System.Globalization;
using System.Security.Claims;
using ChatCommerce.Conversations;
using ChatCommerce.Conversations.Handoffs;
using ChatCommerce.Conversations.State;
using ChatCommerce.Dialogs.Complaints;
using ChatCommerce.Dialogs.Shopping;
using ChatCommerce.Domain.Cases;
using ChatCommerce.Domain.Catalog;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Orders;
using ChatCommerce.Domain.Payments;
using ChatCommerce.Domain.Replies;
using ChatCommerce.Domain.Staff;
using ChatCommerce.Web.Console.Pages;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Web.Console;

/// <summary>
/// The staff console under <c>/console</c>: pages rendered on the server (Razor components), forms
/// that post back with an anti-forgery token, and a SignalR hub that tells open pages what changed.
/// </summary>
public static class ConsoleEndpoints
{
    private const int TranscriptLines = 200;

    public static IServiceCollection AddStaffConsole(this IServiceCollection services)
    {
        services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.Section);
        services.AddScoped<ConsoleAuth>();
        services.AddSingleton<IPasswordHasher<ConsoleAccount>, PasswordHasher<ConsoleAccount>>();
        services.AddHostedService<ConsoleOwnerSeed>();
        services.AddRazorComponents();
        // Thai as Thai in the pages, not as numeric character references (still HTML-encoded).
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddSignalR();
        services.AddSingleton<ConsoleFeed>();
        services.AddSingleton<IConversationFeed>(sp => sp.GetRequiredService<ConsoleFeed>());
        services.AddHostedService(sp => sp.GetRequiredService<ConsoleFeed>());
        services.AddScoped<CaseJobs>();
        services.AddScoped<ConsoleQueries>();
        services.AddRecurringJob(m => m.AddOrUpdate<CaseJobs>(CaseJobs.CsatId, job => job.AskSatisfactionAsync(CancellationToken.None), Cron.Minutely()));
        services.AddRecurringJob(m => m.AddOrUpdate<CaseJobs>(CaseJobs.BreachId, job => job.NotifyBreachesAsync(CancellationToken.None), Cron.Minutely()));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "cc_console_af";
            o.Cookie.Path = "/console";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.FormFieldName = "__RequestVerificationToken";
        });
        services.AddAuthentication()
            .AddCookie(ConsoleAuth.Scheme, o =>
            {
                o.Cookie.Name = "cc_console";
                o.Cookie.Path = "/console";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/console/login";
                o.AccessDeniedPath = "/console/denied";
                o.SlidingExpiration = true;
                o.Events.OnValidatePrincipal = ConsoleAuth.ValidateAsync;
                o.Events.OnRedirectToLogin = context => Refuse(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => Refuse(context, StatusCodes.Status403Forbidden);
            });
        services.AddOptions<CookieAuthenticationOptions>(ConsoleAuth.Scheme)
            .Configure<IOptions<ConsoleOptions>>((cookie, console) => cookie.ExpireTimeSpan = TimeSpan.FromHours(console.Value.SessionHours));
        services.AddAuthorizationBuilder()
            .AddPolicy(ConsoleAuth.StaffPolicy, p => p.AddAuthenticationSchemes(ConsoleAuth.Scheme).RequireAuthenticatedUser().RequireRole(ConsoleRoles.Owner, ConsoleRoles.Staff))
            .AddPolicy(ConsoleAuth.OwnerPolicy, p => p.AddAuthenticationSchemes(ConsoleAuth.Scheme).RequireAuthenticatedUser().RequireRole(ConsoleRoles.Owner));
        return services;
    }

    public static void MapStaffConsole(this WebApplication app)
    {
        app.MapGet("/console/assets/{name}", ConsoleAssets.Serve).AllowAnonymous();
        app.MapGet("/console/login", LoginPageAsync);
        app.MapPost("/console/login", SignInAsync).AddEndpointFilter(ValidateForm);
        app.MapGet("/console/lang/{lang}", (HttpContext http, string lang, string? back) =>
        {
            http.Response.Cookies.Append(ConsoleText.Cookie, lang == "en" ? "en" : "th", new CookieOptions { Path = "/console", HttpOnly = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365) });
            return Results.LocalRedirect(IsLocal(back) ? back! : "/console");
        });

        var console = app.MapGroup("/console").RequireAuthorization(ConsoleAuth.StaffPolicy);
        console.AddEndpointFilter(ValidateForm);
        console.MapHub<ConsoleHub>("/hub");
        console.MapPost("/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(ConsoleAuth.Scheme);
            return Results.Redirect("/console/login");
        });
        console.MapGet("/denied", (HttpContext http) => Page<MessagePage>(new { View = View(http, ""), Message = ConsoleText.Of(http)["denied"] }, StatusCodes.Status403Forbidden));
        console.MapGet("/", InboxAsync);
        console.MapGet("/fragments/inbox", async (HttpContext http, string? queue, ConsoleQueries queries, CancellationToken ct) =>
            Fragment<InboxList>(new { Model = await queries.InboxAsync(View(http, "inbox"), Queue(queue), ct) }));
        console.MapGet("/c/{channel}/{chatId}", ConversationAsync);
        console.MapGet("/fragments/c/{channel}/{chatId}", async (HttpContext http, string channel, string chatId, ConsoleQueries queries, CancellationToken ct) =>
            Key(channel, chatId) is { } key ? Fragment<TranscriptView>(new { Model = await queries.ConversationAsync(View(http, "inbox"), key, null, ct) }) : Results.NotFound());
        console.MapPost("/c/{channel}/{chatId}/{action}", ConversationActionAsync);
        console.MapGet("/c/{channel}/{chatId}/pictures/{lineId:long}", CustomerPictureAsync);
        console.MapGet("/cases", async (HttpContext http, string? status, string? severity, ConsoleQueries queries, CancellationToken ct) =>
            Page<CasesPage>(new { Model = await queries.CasesAsync(View(http, "cases"), status, severity, ct) }));
        console.MapGet("/fragments/cases", async (HttpContext http, string? status, string? severity, ConsoleQueries queries, CancellationToken ct) =>
            Fragment<CaseList>(new { Model = await queries.CasesAsync(View(http, "cases"), status, severity, ct) }));
        console.MapGet("/cases/{id:long}", async (HttpContext http, long id, string? done, ConsoleQueries queries, CancellationToken ct) =>
            await queries.CaseAsync(View(http, "cases"), id, done, ct) is { } model ? Page<CasePage>(new { Model = model }) : NotFound(http));
        console.MapPost("/cases/{id:long}/{action}", CaseActionAsync);
        console.MapGet("/pictures/{sha}", async (string sha, IPaymentStore pictures, CancellationToken ct) =>
            sha.Length == 64 && sha.All(char.IsAsciiHexDigitLower) && await pictures.SlipAsync(sha, ct) is { IsImage: true } picture
                ? Results.Bytes(picture.Bytes, picture.ContentType)
                : Results.NotFound());

        var owner = console.MapGroup("").RequireAuthorization(ConsoleAuth.OwnerPolicy);
        owner.MapGet("/audit", async (HttpContext http, IAuditLog audit, string? subject, CancellationToken ct) =>
            Page<AuditPage>(new { Model = new AuditModel(View(http, "audit"), await audit.ListAsync(string.IsNullOrWhiteSpace(subject) ? null : subject, 0, 500, ct)) }));
        owner.MapGet("/analytics", AnalyticsAsync);
        PromotionPages.Map(owner);
        owner.MapGet("/accounts", async (HttpContext http, IConsoleAccounts accounts, string? problem, CancellationToken ct) =>
            Page<AccountsPage>(new { Model = new AccountsModel(View(http, "accounts"), await accounts.ListAsync(ct), problem) }));
        owner.MapPost("/accounts", async (HttpContext http, ConsoleAuth auth, CancellationToken ct) =>
        {
            var form = await http.Request.ReadFormAsync(ct);
            var (_, problem) = await auth.CreateAsync(form["email"].ToString(), form["name"].ToString(), form["role"].ToString(), form["password"].ToString(), Me(http).Actor, ct);
            return Results.Redirect(problem is null ? "/console/accounts" : "/console/accounts?problem=" + problem);
        });
        owner.MapPost("/accounts/{id:long}/unlock", async (HttpContext http, long id, ConsoleAuth auth, CancellationToken ct) =>
        {
            await auth.UnlockAsync(id, Me(http).Actor, ct);
            return Results.Redirect("/console/accounts");
        });
    }

    private static async Task<IResult> LoginPageAsync(HttpContext http, string? returnUrl)
    {
        if (ConsoleUser.Of(http.User) is not null && (await http.AuthenticateAsync(ConsoleAuth.Scheme)).Succeeded)
        {
            return Results.Redirect("/console");
        }

        return Login(http, null, null, returnUrl);
    }

    private static async Task<IResult> SignInAsync(HttpContext http, ConsoleAuth auth, CancellationToken cancellationToken)
    {
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var email = form["email"].ToString();
        var returnUrl = form["returnUrl"].ToString();
        var t = ConsoleText.Of(http);
        var (result, account, lockedUntil) = await auth.CheckAsync(email, form["password"].ToString(), http.Connection.RemoteIpAddress?.ToString() ?? "", cancellationToken);
        switch (result)
        {
            case SignInResult.SignedIn:
                await http.SignInAsync(ConsoleAuth.Scheme, ConsoleUser.Principal(account!), new AuthenticationProperties { IsPersistent = false });
                return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl : "/console");
            case SignInResult.LockedOut:
                return Login(http, t.Format("signin.locked", t.Shop.Local(lockedUntil!.Value).ToString("HH:mm", CultureInfo.InvariantCulture)), email, returnUrl, StatusCodes.Status423Locked);
            default:
                return Login(http, t["signin.wrong"], email, returnUrl, StatusCodes.Status401Unauthorized);
        }
    }

    private static IResult Login(HttpContext http, string? error, string? email, string? returnUrl, int status = StatusCodes.Status200OK)
    {
        var token = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http).RequestToken!;
        return Page<LoginPage>(new { T = ConsoleText.Of(http), Token = token, Error = error, Email = email, ReturnUrl = IsLocal(returnUrl) ? returnUrl : null }, status);
    }

    private static async Task<IResult> InboxAsync(HttpContext http, string? queue, ConsoleQueries queries, CancellationToken cancellationToken) =>
        Page<InboxPage>(new { Model = await queries.InboxAsync(View(http, "inbox"), Queue(queue), cancellationToken) });

    private static async Task<IResult> ConversationAsync(HttpContext http, string channel, string chatId, string? done, ConsoleQueries queries, CancellationToken cancellationToken) =>
        Key(channel, chatId) is { } key
            ? Page<ConversationPage>(new { Model = await queries.ConversationAsync(View(http, "inbox"), key, done, cancellationToken) })
            : NotFound(http);

    private static async Task<IResult> ConversationActionAsync(
        HttpContext http, string channel, string chatId, string action, StaffDesk desk, HandoffService handoffs, CaseDesk cases, IStaffNotes notes, IAuditLog audit,
        ICatalogReader catalog, ShopReplies shopReplies, ConversationStateRepository states, Domain.Customers.ICustomerDirectory customers, CancellationToken cancellationToken)
    {
        if (Key(channel, chatId) is not { } key)
        {
            return NotFound(http);
        }

        var me = Me(http);
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var back = $"/console/c/{key.ChannelName}/{key.ChatId}";
        string done;
        switch (action)
        {
            case "takeover":
                await desk.TakeOverAsync(key, me.StaffId, cancellationToken);
                await audit.AppendAsync(me.Actor, AuditActions.TakeOver, key.ToString(), me.Name, cancellationToken);
                done = "taken";
                break;
            case "reply":
                var text = form["text"].ToString().Trim();
                var messages = new List<OutboundMessage>();
                if (form["sku"].ToString() is { Length: > 0 } sku && await catalog.FindAsync(sku, cancellationToken) is { } product)
                {
                    var (state, _) = await states.LoadAsync(key, "th", cancellationToken);
                    messages.Add(shopReplies.Carousel(state.Locale, product.Name(state.Locale), [product], Basket.Empty) with { QuickReplies = [] });
                }

                if (text.Length is > 0 and <= Admin.ConversationAdmin.MaxReply)
                {
                    var quick = form["quick"].ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                        .Where(q => q.Length <= 20).Take(13).Select(q => new ReplyAction(q, q, q)).ToList();
                    messages.Add(new TextReply(text) { QuickReplies = quick });
                }

                if (messages.Count == 0)
                {
                    done = "empty";
                    break;
                }

                var outcome = await desk.ReplyAsync(key, me.StaffId, messages, cancellationToken);
                if (outcome is null)
                {
                    done = "not-yours";
                    break;
                }

                await cases.AnsweredAsync(key, cancellationToken);
                done = "sent-" + outcome;
                break;
            case "note":
                if (form["text"].ToString().Trim() is { Length: > 0 and <= 2000 } note)
                {
                    await notes.AddAsync(key.ToString(), me.Actor + " " + me.Name, note, cancellationToken);
                    await audit.AppendAsync(me.Actor, AuditActions.Note, key.ToString(), null, cancellationToken);
                    http.RequestServices.GetRequiredService<IConversationFeed>().Changed(key);
                }

                done = "noted";
                break;
            case "customer":
                done = await SaveCustomerAsync(customers, key, form, me, audit, cancellationToken);
                break;
            case "resolve":
                var resolved = await cases.ResolveConversationAsync(key, me.Actor, cancellationToken);
                await handoffs.ReleaseAsync(key, cancellationToken, "resolved by " + me.Name);
                await audit.AppendAsync(me.Actor, AuditActions.HandBack, key.ToString(), $"resolved {resolved} case(s)", cancellationToken);
                done = "resolved";
                break;
            case "handback":
                await handoffs.ReleaseAsync(key, cancellationToken);
                await audit.AppendAsync(me.Actor, AuditActions.HandBack, key.ToString(), null, cancellationToken);
                done = "handed-back";
                break;
            default:
                return NotFound(http);
        }

        return Results.Redirect(back + "?done=" + Uri.EscapeDataString(done));
    }

    /// <summary>A picture the customer sent, fetched from the platform (while it keeps it and the stored event is not purged).</summary>
    private static async Task<IResult> CustomerPictureAsync(
        HttpContext http, string channel, string chatId, long lineId, ITranscript transcript, PerChannel<IChannelMedia> media, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        if (Key(channel, chatId) is not { } key || await transcript.InboundEventAsync(key, lineId, cancellationToken) is not { } inbound)
        {
            return Results.NotFound();
        }

        try
        {
            if (await media.For(inbound.Channel).PictureAsync(inbound, 10 * 1024 * 1024, cancellationToken) is { } picture)
            {
                http.Response.Headers.CacheControl = "private, max-age=86400";
                return Results.Bytes(picture.Bytes, picture.ContentType);
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Channels.Common.PlatformApiException && !cancellationToken.IsCancellationRequested)
        {
            logs.CreateLogger("ChatCommerce.Web.Console").LogWarning("Picture {Line} of {Conversation} not fetched: {Error}", lineId, key, e.Message);
        }

        return Results.NotFound();
    }

    private static async Task<IResult> CaseActionAsync(HttpContext http, long id, string action, CaseDesk desk, CancellationToken cancellationToken)
    {
        var me = Me(http);
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var text = form["text"].ToString().Trim();
        var satang = decimal.TryParse(form["baht"], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var baht) && baht is > 0 and < 10_000_000 ? (long)Math.Round(baht * 100) : 0;
        var reference = form["reference"].ToString().Trim() is { Length: > 0 and <= 120 } r ? r : null;
        var done = action switch
        {
            "note" when text.Length is > 0 and <= 2000 => await desk.NoteAsync(id, me.Actor, text, cancellationToken) ? "noted" : null,
            "refund" => await desk.RefundAsync(id, me.Actor, satang, reference, cancellationToken) ? "refund" : "invalid",
            "voucher" => await desk.VoucherAsync(id, me.Actor, satang, cancellationToken) is { } code ? "voucher-" + code : "invalid",
            "replacement" => await desk.ReplacementAsync(id, me.Actor, cancellationToken) is { Order: { } order } ? "replacement-" + order.Number : "no-replacement",
            "resolve" => await desk.ResolveAsync(id, me.Actor, text.Length > 0 ? text : null, cancellationToken) ? "resolved" : "invalid",
            _ => "invalid",
        };
        return Results.Redirect($"/console/cases/{id}?done={Uri.EscapeDataString(done ?? "invalid")}");
    }

    /// <summary>Every console form carries the anti-forgery token; a post without a valid one changes nothing.</summary>
    private static async ValueTask<object?> ValidateForm(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (HttpMethods.IsPost(http.Request.Method) && !http.Request.Path.StartsWithSegments("/console/hub"))
        {
            if (!http.Request.HasFormContentType)
            {
                return Results.Problem(title: "A console form was expected", statusCode: StatusCodes.Status415UnsupportedMediaType);
            }

            try
            {
                await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http);
            }
            catch (AntiforgeryValidationException)
            {
                return Page<MessagePage>(new { View = (ConsoleView?)null, Message = ConsoleText.Of(http)["bad_form"] }, StatusCodes.Status400BadRequest);
            }
        }

        return await next(context);
    }

    private static Task Refuse(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        // Pages go to the sign-in page; the hub and page fragments (fetch) get the status to act on.
        var path = context.Request.Path;
        if (path.StartsWithSegments("/console/hub") || path.StartsWithSegments("/console/fragments") || status == StatusCodes.Status403Forbidden && !HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>Staff's tags and notes on the customer of a conversation; what did not read as tags is refused whole.</summary>
    private static async Task<string> SaveCustomerAsync(Domain.Customers.ICustomerDirectory directory, ConversationKey key, IFormCollection form, ConsoleUser me, IAuditLog audit, CancellationToken cancellationToken)
    {
        if (await directory.IdOfAsync(key.ChannelName, key.ChatId, cancellationToken) is not { } id)
        {
            return "no-customer";
        }

        var tags = form["tags"].ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(Domain.Customers.CustomerTags.Normalise).ToList();
        var notes = form["notes"].ToString().Trim();
        var birthday = form["birthday"].ToString().Trim();
        var dateOk = birthday.Length == 0 || DateOnly.TryParseExact(birthday, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _);
        if (tags.Any(t => t is null) || tags.Count > Domain.Customers.CustomerTags.MaxPerCustomer || notes.Length > 4000 || !dateOk)
        {
            return "bad-tags";
        }

        await directory.SetTagsAsync(id, tags.OfType<string>().Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
        await directory.UpdateAsync(id, notes, birthday, cancellationToken);
        await audit.AppendAsync(me.Actor, AuditActions.CustomerChanged, "customer:" + id, "tags, notes, birthday", cancellationToken);
        return "customer-saved";
    }

    /// <summary>The owner's figures for a range of shop days (the last 30 by default), as the analytics API gives them.</summary>
    private static async Task<IResult> AnalyticsAsync(
        HttpContext http, string? from, string? to, Domain.Analytics.IShopAnalytics analytics, Domain.Customers.ICustomerDirectory customers,
        Microsoft.Extensions.Options.IOptions<Domain.Shop.ShopOptions> shop, TimeProvider clock, CancellationToken ct)
    {
        var (start, end, problem) = Admin.AnalyticsAdmin.Range(from, to, shop.Value, clock);
        if (problem is not null)
        {
            (start, end, _) = Admin.AnalyticsAdmin.Range(null, null, shop.Value, clock);
        }

        var offset = Admin.AnalyticsAdmin.Offset(shop.Value, clock);
        var summary = await analytics.SummaryAsync(
            new DateTimeOffset(start.ToDateTime(TimeOnly.MinValue), offset), new DateTimeOffset(end.AddDays(1).ToDateTime(TimeOnly.MinValue), offset), ct);
        var since = new DateTimeOffset(start.ToDateTime(TimeOnly.MinValue), offset);
        return Page<AnalyticsPage>(new
        {
            Model = new AnalyticsModel(
                View(http, "analytics"), start, end, summary, await analytics.SalesAsync(start, end, offset, ct),
                await customers.SegmentSizesAsync(ct), await customers.MovesSinceAsync(since, ct)),
        });
    }

    internal static ConsoleView View(HttpContext http, string active)
    {
        var token = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http).RequestToken!;
        return new ConsoleView(Me(http), ConsoleText.Of(http), token, DateTimeOffset.UtcNow, active);
    }

    internal static ConsoleUser Me(HttpContext http) => ConsoleUser.Of(http.User) ?? throw new InvalidOperationException("The console route ran without a signed-in user.");

    internal static IResult Page<T>(object parameters, int status = StatusCodes.Status200OK)
        where T : Microsoft.AspNetCore.Components.IComponent
    {
        return new RazorComponentResult<T>(parameters) { StatusCode = status, ContentType = "text/html; charset=utf-8" };
    }

    private static IResult Fragment<T>(object parameters)
        where T : Microsoft.AspNetCore.Components.IComponent => new RazorComponentResult<T>(parameters) { ContentType = "text/html; charset=utf-8" };

    internal static IResult NotFound(HttpContext http) => Page<MessagePage>(new { View = View(http, ""), Message = ConsoleText.Of(http)["not_found"] }, StatusCodes.Status404NotFound);

    private static string Queue(string? queue) => queue is not null && ConsoleQueues.All.Contains(queue) ? queue : ConsoleQueues.Waiting;

    private static ConversationKey? Key(string channel, string chatId) =>
        ChannelNames.TryParse(channel, out var parsed) && chatId.Length is > 0 and <= 100 && chatId.All(char.IsAsciiLetterOrDigit) ? new ConversationKey(parsed, chatId) : null;

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith("/console", StringComparison.Ordinal) && !url.StartsWith("//", StringComparison.Ordinal) && !url.Contains('\\');
}
