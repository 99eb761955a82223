using System.Text.Json.Nodes;
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
    public sealed record SimulatorInput(string Channel, string UserId, string? Text, string? Payload, string? DisplayName, string? Language, bool IsButton = true);

    private sealed record WebhookAttemptView(int? Status, double ElapsedMs, bool TimedOut)
    {
        public WebhookAttemptView(FakePlatforms.WebhookAttempt attempt)
            : this((int?)attempt.Status, attempt.Elapsed.TotalMilliseconds, attempt.TimedOut)
        {
        }
    }
}
