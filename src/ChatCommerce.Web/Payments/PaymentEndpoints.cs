using Hangfire;
using ChatCommerce.Infrastructure.Jobs;
using System.Net;
using ChatCommerce.Channels.Common;
using ChatCommerce.Dialogs.Payments;
using ChatCommerce.Domain.Payments;
using ChatCommerce.Web.Security;
using Microsoft.Extensions.Options;
using QRCoder;
using Stripe;
using Stripe.Checkout;

namespace ChatCommerce.Web.Payments;

/// <summary>
/// The public side of payments: the PromptPay QR picture (by the attempt's unguessable token),
/// the page Stripe sends the shopper back to, and <c>POST /webhooks/stripe</c>.
/// </summary>
public static class PaymentEndpoints
{
    public static IServiceCollection AddPayments(this IServiceCollection services)
    {
        services.AddScoped<PaymentDeadlineJob>();
        services.AddRecurringJob(m => m.AddOrUpdate<PaymentDeadlineJob>(PaymentDeadlineJob.Id, job => job.RunAsync(CancellationToken.None), Cron.Minutely()));
        return services;
    }

    public static void MapPayments(this WebApplication app)
    {
        app.MapGet(PaymentReplies.QrPath + "{file}", QrAsync);
        app.MapGet("/pay/return", (HttpContext http, string? order, string? done) => ReturnPage(order, done is not null).Serve(http));
        app.MapGet(PaymentReplies.CardPath + "{token}", CardAsync);
        app.MapPost("/webhooks/stripe", StripeWebhookAsync);
    }

    /// <summary>The QR of a PromptPay attempt, drawn from its stored payload: the exact amount, the shop's id.</summary>
    private static async Task<IResult> QrAsync(string file, IPaymentStore payments, CancellationToken cancellationToken)
    {
        var token = file.EndsWith(".png", StringComparison.Ordinal) ? file[..^4] : "";
        if (token.Length is < 16 or > 64 || !token.All(char.IsAsciiHexDigitLower))
        {
            return Results.NotFound();
        }

        var attempt = await payments.FindByTokenAsync(token, cancellationToken);
        if (attempt is not { Method: PaymentMethods.PromptPay, Payload: { Length: > 0 } payload })
        {
            return Results.NotFound();
        }

        return Results.File(QrPng(payload), "image/png");
    }

    /// <summary>
    /// A card payment link: to the Checkout Session (made now, or the open one), or a page that says
    /// why not (paid already, no longer waiting, Stripe unreachable), in Thai and English.
    /// </summary>
    private static async Task<IResult> CardAsync(HttpContext http, string token, PaymentDesk desk, PaymentReplies replies, CancellationToken cancellationToken)
    {
        if (token.Length is < 16 or > 64 || !token.All(char.IsAsciiHexDigitLower))
        {
            return Results.NotFound();
        }

        var link = await desk.OpenCardAsync(token, cancellationToken);
        string Both(string key) => string.Join("</p><p>", new[] { "th", "en" }.Select(l =>
            WebUtility.HtmlEncode(replies.Texts.Get(l, key, ("number", link.Order?.Number ?? "")))));
        return link.Outcome switch
        {
            CardLinkOutcome.Open => Results.Redirect(link.Url!),
            CardLinkOutcome.NotFound => Results.NotFound(),
            CardLinkOutcome.Paid => Page(Both("payment.already_paid")).Serve(http),
            CardLinkOutcome.Closed => Page(Both("payment.link_closed")).Serve(http),
            _ => Page(Both("payment.card_unavailable")).Serve(http),
        };
    }

    private static HtmlPage Page(string paragraphs) => new($"""
        <!doctype html><html lang="th"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>ChatCommerce</title><style>body{"{"}font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.6{"}"}</style></head>
        <body><p>{paragraphs}</p></body></html>
        """);

    /// <summary>A PNG of the payload as a QR code (error correction M, a quiet zone, 10 pixels a module).</summary>
    public static byte[] QrPng(string payload)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(10);
    }

    private static HtmlPage ReturnPage(string? order, bool done)
    {
        var number = WebUtility.HtmlEncode(order is { Length: <= 32 } o && o.All(char.IsAsciiLetterOrDigit) ? o : "");
        var (th, en) = done
            ? ($"ได้รับการชำระเงินคำสั่งซื้อ {number} แล้ว กลับไปที่แชทได้เลย ใบเสร็จจะส่งไปในแชท", $"Payment for order {number} received. You can go back to the chat; the receipt arrives there.")
            : ($"ยังไม่ได้ชำระคำสั่งซื้อ {number} กลับไปที่แชทเพื่อชำระหรือเลือกวิธีอื่นได้", $"Order {number} is not paid yet. Go back to the chat to pay or choose another way.");
        return Page(th + "</p><p>" + en);
    }

    /// <summary>
    /// Stripe's events, verified with the endpoint's signing secret (<c>Stripe-Signature</c>, five
    /// minutes' tolerance) on the raw body. A paid session marks its order paid once however often
    /// the event comes; a storage failure answers 503 so Stripe delivers it again.
    /// </summary>
    private static async Task<IResult> StripeWebhookAsync(HttpContext http, IOptionsMonitor<PaymentOptions> options, PaymentDesk desk, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(PaymentEndpoints));
        var secret = options.CurrentValue.Stripe.WebhookSecret;
        if (string.IsNullOrEmpty(secret))
        {
            return Results.Json(new { error = "Stripe is not configured" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var body = await WebhookBody.ReadAsync(http.Request, WebhookBody.MaxBytes, http.RequestAborted);
        if (body is null)
        {
            return Results.Json(new { error = "body too large", limitBytes = WebhookBody.MaxBytes }, statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        Event stripeEvent;
        try
        {
            var json = new System.Text.UTF8Encoding(false, true).GetString(body);
            stripeEvent = EventUtility.ConstructEvent(json, http.Request.Headers["Stripe-Signature"], secret, tolerance: 300, throwOnApiVersionMismatch: false);
        }
        catch (Exception e) when (e is StripeException or System.Text.Json.JsonException or Newtonsoft.Json.JsonException or ArgumentException or System.Text.DecoderFallbackException)
        {
            return Results.Json(new { error = "missing or invalid signature, or not an event" }, statusCode: StatusCodes.Status400BadRequest);
        }

        if (stripeEvent.Data?.Object is not Session session)
        {
            return Results.Ok(new { received = stripeEvent.Type, handled = false });
        }

        var number = session.ClientReferenceId is { Length: > 0 } reference ? reference
            : session.Metadata?.GetValueOrDefault("order_number") ?? "";
        try
        {
            // Not the request's token: once verified, the event is acted on even if Stripe hangs up.
            var decision = stripeEvent.Type switch
            {
                "checkout.session.completed" when session.PaymentStatus is "paid" or "no_payment_required"
                    => await desk.CardPaidAsync(stripeEvent.Id, stripeEvent.Type, session.Id, number, session.AmountTotal ?? 0, session.Currency ?? "", CancellationToken.None),
                "checkout.session.async_payment_succeeded"
                    => await desk.CardPaidAsync(stripeEvent.Id, stripeEvent.Type, session.Id, number, session.AmountTotal ?? 0, session.Currency ?? "", CancellationToken.None),
                "checkout.session.async_payment_failed" or "checkout.session.expired"
                    => await desk.CardFailedAsync(stripeEvent.Id, stripeEvent.Type, session.Id, number, CancellationToken.None),
                _ => null,
            };
            return Results.Ok(new { received = stripeEvent.Type, handled = decision is not null, outcome = decision?.Outcome.ToString() });
        }
        catch (Exception e)
        {
            logger.LogWarning("Stripe event {Id} ({Type}) refused with 503: {Error}", stripeEvent.Id, stripeEvent.Type, e.Message);
            return Results.Json(new { error = "the event could not be stored; deliver it again" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
