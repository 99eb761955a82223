using System.Globalization;
using System.Net;
using ChatCommerce.Channels.Messenger;
using ChatCommerce.Domain.Customers;
using ChatCommerce.Domain.Shop;
using Hangfire;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Web.Privacy;

/// <summary>
/// Meta's data-deletion callback: <c>POST /webhooks/messenger/data-deletion</c> with the form
/// field <c>signed_request</c> (HMAC-SHA256 with the app secret). A verified request is recorded
/// and its erasure scheduled as a job; the answer is <c>{url, confirmation_code}</c>, the url
/// being the request's status page <c>/privacy/deletion/{code}</c>.
/// </summary>
public static class DataDeletion
{
    public const string CallbackPath = "/webhooks/messenger/data-deletion";

    public static void MapDataDeletion(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(CallbackPath, ReceiveAsync).DisableAntiforgery()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(16 * 1024));
        routes.MapGet("/privacy/deletion/{code}", StatusAsync);
    }

    private static async Task<IResult> ReceiveAsync(
        HttpContext http, IOptionsMonitor<MessengerOptions> messenger, IOptionsMonitor<ShopOptions> shop, IErasureRequests requests, IBackgroundJobClient jobs, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var secret = messenger.CurrentValue.AppSecret;
        if (secret.Length == 0)
        {
            return Results.Problem(title: "Messenger is not configured", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        if (!http.Request.HasFormContentType)
        {
            return Results.Problem(title: "Expected a form with signed_request", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            return Results.Problem(title: "Malformed form", statusCode: StatusCodes.Status400BadRequest);
        }

        if (MessengerSignedRequest.Read(secret, form["signed_request"].ToString()) is not { } payload)
        {
            loggers.CreateLogger(typeof(DataDeletion)).LogWarning("Data-deletion request refused: signed_request missing or not signed with the app secret");
            return Results.Problem(title: "signed_request is missing or its signature does not hold", statusCode: StatusCodes.Status403Forbidden);
        }

        if ((payload["user_id"] as System.Text.Json.Nodes.JsonValue)?.ToString() is not { Length: > 0 and <= 100 } user)
        {
            return Results.Problem(title: "signed_request names no user_id", statusCode: StatusCodes.Status400BadRequest);
        }

        var request = await requests.CreateAsync("meta", user, cancellationToken);
        jobs.Enqueue<ErasureJob>(job => job.RunAsync(request.Id, CancellationToken.None));
        var root = shop.CurrentValue.PublicBaseUrl is { Length: > 0 } url ? url.TrimEnd('/') : $"{http.Request.Scheme}://{http.Request.Host}";
        return Results.Json(new Dictionary<string, string>
        {
            ["url"] = $"{root}/privacy/deletion/{request.ConfirmationCode}",
            ["confirmation_code"] = request.ConfirmationCode,
        });
    }

    /// <summary>A page the person can read: Thai first, English second; nothing about them in it.</summary>
    private static async Task<IResult> StatusAsync(string code, IErasureRequests requests, IOptionsMonitor<ShopOptions> shop, CancellationToken cancellationToken)
    {
        var request = code.Length is > 0 and <= 32 ? await requests.FindAsync(code, cancellationToken) : null;
        var options = shop.CurrentValue;
        string th, en;
        var status = StatusCodes.Status200OK;
        if (request is null)
        {
            (th, en, status) = ("ไม่พบคำขอหมายเลขนี้", "There is no request with this confirmation code.", StatusCodes.Status404NotFound);
        }
        else
        {
            var when = request.CompletedAtMs is { } done ? options.Local(DateTimeOffset.FromUnixTimeMilliseconds(done)).ToString("d MMM yyyy HH:mm", CultureInfo.InvariantCulture) : "";
            (th, en) = request.Status switch
            {
                ErasureStatuses.Erased => ($"ลบข้อมูลของคุณออกจากระบบของร้านเรียบร้อยแล้ว ({when}) คำสั่งซื้อเดิมเก็บไว้เพื่อการบัญชีโดยไม่มีชื่อ เบอร์โทร และที่อยู่",
                    $"Your data was erased from the shop's systems ({when}). Past orders are kept for the accounts without name, phone or address."),
                ErasureStatuses.NotFound => ($"ร้านไม่มีข้อมูลของคุณ จึงไม่มีสิ่งใดต้องลบ ({when})", $"The shop holds no data about you, so there was nothing to erase ({when})."),
                _ => ("ได้รับคำขอแล้ว กำลังดำเนินการลบข้อมูล", "Your request was received; the erasure is in progress."),
            };
        }

        var html = $"""
            <!doctype html>
            <html lang="th"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>คำขอลบข้อมูล · Data deletion request</title></head>
            <body>
            <h1>{WebUtility.HtmlEncode(options.NameTh)}</h1>
            <p>หมายเลขคำขอ <strong>{WebUtility.HtmlEncode(code)}</strong></p>
            <p>{WebUtility.HtmlEncode(th)}</p>
            <hr>
            <p lang="en">{WebUtility.HtmlEncode(options.NameEn)} · confirmation code {WebUtility.HtmlEncode(code)}</p>
            <p lang="en">{WebUtility.HtmlEncode(en)}</p>
            </body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}

/// <summary>
/// Hangfire job: the erasure a data-deletion request asked for. Meta names the person by an
/// app-scoped id; the page-scoped id the bot knows them by comes from Graph's ID matching. When
/// Graph cannot match it, or nobody with that id ever wrote, the request is recorded as not found.
/// The job's only argument is the request's number.
/// </summary>
public sealed class ErasureJob(IErasureRequests requests, MessengerApiClient messenger, ICustomerDirectory customers, ICustomerEraser eraser, ILogger<ErasureJob> logger)
{
    [AutomaticRetry(Attempts = 5)]
    public async Task RunAsync(long requestId, CancellationToken cancellationToken)
    {
        if (await requests.GetAsync(requestId, cancellationToken) is not { Status: ErasureStatuses.Pending, SubjectId: { } subject } request)
        {
            return;
        }

        // The id may already be the page-scoped one (a page's own app); else ask Graph.
        var customer = await customers.IdOfAsync("messenger", subject, cancellationToken);
        if (customer is null && await messenger.PageScopedIdAsync(subject, cancellationToken) is { } psid)
        {
            customer = await customers.IdOfAsync("messenger", psid, cancellationToken);
        }

        var erased = customer is not null && await eraser.EraseAsync(customer, "meta:data-deletion", cancellationToken) is not null;
        await requests.CompleteAsync(request.Id, erased ? ErasureStatuses.Erased : ErasureStatuses.NotFound, cancellationToken);
        logger.LogInformation("Data-deletion request {Id}: {Status}", request.Id, erased ? ErasureStatuses.Erased : ErasureStatuses.NotFound);
    }
}
