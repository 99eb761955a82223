using System.Security.Cryptography;
using System.Text;
using ChatCommerce.Channels.Common;
using ChatCommerce.Channels.Messenger;
using ChatCommerce.Conversations.Turns;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Web.Webhooks;

/// <summary>GET /webhooks/messenger (subscription handshake) and POST /webhooks/messenger (events).</summary>
public static class MessengerWebhookEndpoint
{
    // Named once: a logger asked for by type has its name worked out again at every call.
    private static readonly string LogCategory = typeof(MessengerWebhookEndpoint).FullName!;

    public static void MapMessengerWebhook(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/webhooks/messenger", Verify);
        routes.MapPost("/webhooks/messenger", HandleAsync).AsWebhook();
    }

    private static IResult Verify(HttpContext http, IOptionsMonitor<MessengerOptions> options)
    {
        var query = http.Request.Query;
        var expected = options.CurrentValue.VerifyToken;
        var given = query["hub.verify_token"].ToString();
        var matches = expected.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(given));
        if (query["hub.mode"] != "subscribe" || !matches)
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        return Results.Text(query["hub.challenge"].ToString(), "text/plain");
    }

    private static async Task<IResult> HandleAsync(HttpContext http, IOptionsMonitor<MessengerOptions> options, InboundIntake intake, ILoggerFactory loggers)
    {
        var (body, refusal) = await WebhookGate.ReadSignedAsync(http, "Messenger", options.CurrentValue.AppSecret, MessengerSignature.Header, MessengerSignature.IsValid);
        if (refusal is not null)
        {
            return refusal;
        }

        IReadOnlyList<Domain.Messaging.InboundEvent> events;
        try
        {
            events = MessengerWebhookParser.Parse(body!);
        }
        catch (WebhookFormatException ex)
        {
            return WebhookGate.Malformed(ex.Message);
        }

        return await WebhookGate.StoreAsync(intake, events, loggers.CreateLogger(LogCategory));
    }
}
