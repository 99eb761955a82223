using System.Text.Json.Nodes;
using ChatCommerce.FakePlatforms;
using ChatCommerce.FakePlatforms.Payments;
using ChatCommerce.FakePlatforms.Line;
using ChatCommerce.FakePlatforms.Messenger;
using ChatCommerce.Web.Security;

namespace ChatCommerce.Simulator;

/// <summary>
/// The chat simulator's API: the page says what the shopper typed or tapped, the fake platform
/// signs it and delivers it to our webhook, and the page reads back what the bot sent.
/// </summary>
public static class SimulatorEndpoints
{
    private const int MaxText = 5000;

    public static void MapSimulator(this WebApplication app)
    {
        if (app.Services.GetService<SimulatorPlatforms>() is not { } platforms)
        {
            return;
        }

        app.UseMiddleware<LoopbackOnly>();
        if (platforms.Line is { } line)
        {
            app.MapFakeLine(line, SimulatorServices.LinePrefix);
        }

        if (platforms.Messenger is { } messenger)
        {
            app.MapFakeMessenger(messenger, SimulatorServices.MessengerPrefix);
        }

        if (platforms.Stripe is { } stripe)
        {
            app.MapFakeStripe(stripe, SimulatorServices.StripePrefix);
            app.MapGet("/simulator/pay/{sessionId}", (HttpContext http, string sessionId) => StripePage(stripe, sessionId, paid: false).Serve(http));
            app.MapPost("/simulator/pay/{sessionId}", async (HttpContext http, string sessionId) =>
            {
                if (stripe.Session(sessionId) is null)
                {
                    return Results.NotFound();
                }

                await stripe.SendAsync(stripe.PaidEvent(sessionId));
                return StripePage(stripe, sessionId, paid: true).Serve(http);
            }).DisableAntiforgery();
        }

        var page = HtmlPage.FromResource(typeof(SimulatorEndpoints).Assembly, "simulator.html");
        app.MapGet("/simulator", (HttpContext http) => page.Serve(http));
        app.MapGet("/simulator/api/channels", () => Results.Ok(new { line = platforms.Line is not null, messenger = platforms.Messenger is not null }));
        app.MapPost("/simulator/api/send", (SimulatorInput input, CancellationToken cancellationToken) => SendAsync(platforms, input, cancellationToken));
        app.MapGet("/simulator/api/messages", (string channel, string userId, int? after) => Messages(platforms, channel, userId, after ?? 0));
    }

    private static async Task<IResult> SendAsync(SimulatorPlatforms platforms, SimulatorInput input, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(input.UserId) || input.UserId.Length > 64 || !input.UserId.All(char.IsAsciiLetterOrDigit))
        {
            return Results.BadRequest(new { error = "userId must be 1–64 letters or digits" });
        }

        var text = input.Text?.Trim();
        if (input.Slip is { Length: > 0 and <= 200 } slip)
        {
            return await SendSlipAsync(platforms, input, slip, cancellationToken);
        }

        if (string.IsNullOrEmpty(text) && string.IsNullOrEmpty(input.Payload))
        {
            return Results.BadRequest(new { error = "say something: text or payload" });
        }

        if (text is { Length: > MaxText } || input.Payload is { Length: > 1000 })
        {
            return Results.BadRequest(new { error = "text or payload too long" });
        }

        WebhookAttemptView attempt;
        switch (input.Channel)
        {
            case "line" when platforms.Line is { } line:
                line.AddUser(input.UserId, string.IsNullOrWhiteSpace(input.DisplayName) ? "ลูกค้าทดลอง" : input.DisplayName.Trim(), input.Language ?? "th");
                var lineEvent = input.Payload is { Length: > 0 } data
                    ? line.PostbackEvent(input.UserId, data)
                    : line.TextEvent(input.UserId, text!);
                attempt = new(await line.DeliverAsync(lineEvent, cancellationToken));
                break;
            case "messenger" when platforms.Messenger is { } messenger:
                // The profile the bot reads has the simulator's language (Messenger spells it en_US / th_TH).
                var (first, last) = SplitName(string.IsNullOrWhiteSpace(input.DisplayName) ? "ลูกค้าทดลอง" : input.DisplayName.Trim());
                messenger.AddUser(input.UserId, first, last, input.Language == "en" ? "en_US" : "th_TH");
                var item = input.Payload is { Length: > 0 } payload && input.IsButton
                    ? messenger.PostbackItem(input.UserId, text ?? payload, payload)
                    : messenger.TextItem(input.UserId, text ?? input.Payload!, input.Payload);
                attempt = new(await messenger.DeliverAsync(item, cancellationToken));
                break;
            default:
                return Results.BadRequest(new { error = "channel must be line or messenger (and simulated)" });
        }

        return Results.Ok(attempt);
    }

    private static (string First, string Last) SplitName(string name) =>
        name.IndexOf(' ') is > 0 and var space ? (name[..space], name[(space + 1)..].Trim()) : (name, "");

    /// <summary>A picture of a transfer slip with the amount written on it (what a real slip shows).</summary>
    private static async Task<IResult> SendSlipAsync(SimulatorPlatforms platforms, SimulatorInput input, string slip, CancellationToken cancellationToken)
    {
        var picture = FakeSlips.Picture(slip);
        WebhookAttempt attempt;
        switch (input.Channel)
        {
            case "line" when platforms.Line is { } line:
                attempt = await line.DeliverAsync(line.ImageEvent(input.UserId, picture), cancellationToken);
                break;
            case "messenger" when platforms.Messenger is { } messenger:
                attempt = await messenger.DeliverAsync(messenger.ImageItem(input.UserId, picture), cancellationToken);
                break;
            default:
                return Results.BadRequest(new { error = "channel must be line or messenger (and simulated)" });
        }

        return Results.Ok(new WebhookAttemptView(attempt));
    }

    /// <summary>The stand-in for Stripe's payment page: one button that pays the session (Stripe then tells the host).</summary>
    private static HtmlPage StripePage(FakeStripe stripe, string sessionId, bool paid)
    {
        var session = stripe.Session(sessionId);
        var amount = session is null ? "" : new ChatCommerce.Domain.Catalog.Money((long?)session["amount_total"] ?? 0).ToDisplay();
        var order = System.Net.WebUtility.HtmlEncode((string?)session?["client_reference_id"] ?? "");
        var body = session is null
            ? "<p>ไม่พบรายการชำระเงินนี้ / No such payment.</p>"
            : paid
                ? $"<p>ชำระ {amount} สำหรับคำสั่งซื้อ {order} แล้ว กลับไปที่แชทได้เลย<br>Paid {amount} for order {order}. Go back to the chat.</p>"
                : $"<p>หน้าชำระเงินจำลอง (แทน Stripe) / Simulated payment page (stands in for Stripe)</p><p>คำสั่งซื้อ {order}: <b>{amount}</b></p><form method=\"post\"><button type=\"submit\">ชำระเงิน / Pay {amount}</button></form>";
        return new HtmlPage($"<!doctype html><html lang=\"th\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Pay</title><style>body{{font-family:sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;line-height:1.6}}button{{font-size:1.1rem;padding:.6rem 1.2rem}}</style></head><body>{body}</body></html>");
    }

    private static IResult Messages(SimulatorPlatforms platforms, string channel, string userId, int after)
    {
        var items = new JsonArray();
        switch (channel)
        {
            case "line" when platforms.Line is { } line:
                var index = 0;
                foreach (var send in line.SentTo(userId))
                {
                    foreach (var message in send.Messages)
                    {
                        if (++index > after)
                        {
                            items.Add(new JsonObject { ["index"] = index, ["via"] = send.Kind, ["message"] = message!.DeepClone() });
                        }
                    }
                }

                break;
            case "messenger" when platforms.Messenger is { } messenger:
                var position = 0;
                foreach (var send in messenger.SentTo(userId).Where(s => s.Message is not null))
                {
                    if (++position > after)
                    {
                        items.Add(new JsonObject { ["index"] = position, ["via"] = send.MessagingType, ["message"] = send.Message!.DeepClone() });
                    }
                }

                break;
            default:
                return Results.BadRequest(new { error = "channel must be line or messenger (and simulated)" });
        }

        return Results.Json(new JsonObject { ["messages"] = items });
    }

    /// <summary>What the page sends: the shopper's words, or the payload of a button they tapped.</summary>
    /// <param name="Slip">Send a picture of a transfer slip with this written on it ("amount=280"), instead of text.</param>
    public sealed record SimulatorInput(string Channel, string UserId, string? Text, string? Payload, string? DisplayName, string? Language, bool IsButton = true, string? Slip = null);

    private sealed record WebhookAttemptView(int? Status, double ElapsedMs, bool TimedOut)
    {
        public WebhookAttemptView(FakePlatforms.WebhookAttempt attempt)
            : this((int?)attempt.Status, attempt.Elapsed.TotalMilliseconds, attempt.TimedOut)
        {
        }
    }
}
