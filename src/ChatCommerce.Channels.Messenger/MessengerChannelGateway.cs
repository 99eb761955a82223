using ChatCommerce.Channels.Common;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Replies;
using Microsoft.Extensions.Logging;

namespace ChatCommerce.Channels.Messenger;

/// <summary>
/// Delivers an outbox message on Messenger, one Send API call per message, resuming after the
/// ones an earlier attempt delivered. Free-form messages go out only inside 24 hours of the
/// shopper's last message; a staff member's reply up to 7 days after it, with the HUMAN_AGENT
/// tag once the 24 hours are over; outside that nothing is sent.
/// </summary>
public sealed class MessengerChannelGateway(MessengerApiClient client, TimeProvider time, ILogger<MessengerChannelGateway> logger) : IChannelGateway
{
    public Channel Channel => Channel.Messenger;

    public async Task<SendOutcome> SendAsync(OutboundContext context, IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken)
    {
        if (!IsInsideWindow(context))
        {
            logger.LogInformation("Not sending to {Conversation}: outside Messenger's 24-hour window", context.Conversation);
            return new SendOutcome(SendStatus.NotAllowed, "outside the 24-hour window", Progress: context.Progress);
        }

        // A reply to what the shopper just said is RESPONSE; anything we start ourselves is UPDATE;
        // a person's reply after the standard window goes tagged HUMAN_AGENT.
        var humanAgent = context.FromStaff && !IsInsideStandardWindow(context);
        var messagingType = humanAgent ? "MESSAGE_TAG" : context.InResponse ? "RESPONSE" : "UPDATE";
        // Each part carries its marker (Meta echoes it back): which outbox message and part it was.
        var rendered = MessengerMessageRenderer.Render(messages, context.IdempotencySeed);
        var progress = context.Progress;
        try
        {
            for (; progress < rendered.Count; progress++)
            {
                var result = await client.SendMessageAsync(context.Conversation.ChatId, rendered[progress], messagingType, humanAgent ? "HUMAN_AGENT" : null, cancellationToken);
                if (result.Succeeded)
                {
                    continue;
                }

                var error = result.Error!;
                var status = error switch
                {
                    { IsOutsideWindow: true } or { IsThreadOwnedElsewhere: true } => SendStatus.NotAllowed,
                    { IsUserUnavailable: true } => SendStatus.Unreachable,
                    { IsRateLimit: true } => SendStatus.RetryLater,
                    _ when result.HttpStatus is >= 500 or 429 or 408 => SendStatus.RetryLater,
                    _ => SendStatus.Failed,
                };
                return new SendOutcome(status, $"({error.Code}/{error.Subcode}) {error.Message}", error.TraceId, progress, result.RetryAfter);
            }
        }
        catch (Exception ex) when (PlatformResilience.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Messenger send to {Conversation} did not complete: {Error}", context.Conversation, ex.Message);
            return new SendOutcome(SendStatus.RetryLater, ex.Message, null, progress, MayHaveArrived: PlatformResilience.MayHaveArrived(ex));
        }

        return new SendOutcome(messagingType == "RESPONSE" ? SendStatus.Replied : SendStatus.Pushed, Progress: progress);
    }

    public async Task ShowTypingAsync(OutboundContext context, CancellationToken cancellationToken)
    {
        if (!IsInsideWindow(context))
        {
            return;
        }

        try
        {
            await client.SenderActionAsync(context.Conversation.ChatId, "typing_on", cancellationToken);
        }
        catch (Exception ex) when (PlatformResilience.IsTransient(ex) || ex is OperationCanceledException)
        {
            logger.LogDebug(ex, "Typing indicator for {Conversation} not shown", context.Conversation);
        }
    }

    /// <summary>The part's <see cref="DeliveryMarker"/>, within Meta's 1,000 characters.</summary>
    public static string Metadata(string seed, int part) => DeliveryMarker.Format(seed, part, MessengerLimits.MetadataLength);

    public bool IsInsideWindow(OutboundContext context) =>
        context.LastUserMessageAt is { } last && time.GetUtcNow() - last < (context.FromStaff ? MessengerLimits.HumanAgentWindow : MessengerLimits.StandardWindow);

    private bool IsInsideStandardWindow(OutboundContext context) =>
        context.LastUserMessageAt is { } last && time.GetUtcNow() - last < MessengerLimits.StandardWindow;
}
