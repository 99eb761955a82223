using ChatCommerce.Channels.Common;
using ChatCommerce.Channels.Line;
using ChatCommerce.Conversations.Turns;
using ChatCommerce.Domain.Messaging;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Web.Webhooks;

/// <summary>
/// POST /webhooks/line: size cap, signature on the raw bytes, parse, durable enqueue, 200.
/// The turn itself runs after the answer.
/// </summary>
public static class LineWebhookEndpoint
{
    // Named once: a logger asked for by type has its name worked out again at every call.
    private static readonly string LogCategory = typeof(LineWebhookEndpoint).FullName!;

    public static void MapLineWebhook(this IEndpointRouteBuilder routes) =>
        routes.MapPost("/webhooks/line", HandleAsync).AsWebhook();

    private static async Task<IResult> HandleAsync(HttpContext http, IOptionsMonitor<LineOptions> options, InboundIntake intake, ILoggerFactory loggers)
    {
        var (body, refusal) = await WebhookGate.ReadSignedAsync(http, "LINE", options.CurrentValue.ChannelSecret, LineSignature.Header, LineSignature.IsValid);
        if (refusal is not null)
        {
            return refusal;
        }

        LineWebhook webhook;
        try
        {
            webhook = LineWebhookParser.Parse(body!);
        }
        catch (WebhookFormatException ex)
        {
            return WebhookGate.Malformed(ex.Message);
        }

        var logger = loggers.CreateLogger(LogCategory);
        // One line a type, not one an event: a webhook may carry thousands, and the log is no place to copy them.
        foreach (var unknown in webhook.Events.Where(e => e.Kind == InboundEventKind.Unknown).GroupBy(e => e.RawType))
        {
            logger.LogInformation("{Count} LINE event(s) of unknown type '{Type}' kept, the first {EventId}", unknown.Count(), unknown.Key, unknown.First().EventId);
        }

        return await WebhookGate.StoreAsync(intake, webhook.Events, logger);
    }
}
