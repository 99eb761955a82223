using System.Net;
using System.Security.Cryptography;
using System.Text;
using ChatCommerce.Channels.Common;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Replies;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Channels.Line;

/// <summary>
/// Delivers an outbox message on LINE in calls of up to five messages: the first by reply token
/// while it is still valid (free), the rest, or all when the token is gone, by push with a retry
/// key derived from the message, so that a retry or a resumed attempt never delivers twice.
/// </summary>
public sealed class LineChannelGateway(
    LineApiClient client,
    IOptionsMonitor<LineOptions> options,
    TimeProvider time,
    ILogger<LineChannelGateway> logger) : IChannelGateway
{
    /// <summary>LINE keeps a redelivered token valid at most this long after the event.</summary>
    private static readonly TimeSpan RedeliveredTokenCeiling = TimeSpan.FromMinutes(19);

    public Channel Channel => Channel.Line;

    public async Task<SendOutcome> SendAsync(OutboundContext context, IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken)
    {
        var batches = LineMessageRenderer.Render(messages).Chunk(LineLimits.MessagesPerCall).ToList();
        var progress = context.Progress;
        var replied = progress > 0 && CanReply(context);
        try
        {
            for (; progress < batches.Count; progress++)
            {
                if (progress == 0 && CanReply(context))
                {
                    var result = await client.ReplyAsync(context.ReplyToken!, batches[0], cancellationToken);
                    if (result == ReplyResult.Sent)
                    {
                        replied = true;
                        continue;
                    }

                    if (context.MayHaveBeenSent)
                    {
                        // Only we hold the token, and it is still fresh: the earlier attempt used it.
                        logger.LogInformation("Reply token for {Conversation} was already used by an earlier attempt: delivered", context.Conversation);
                        replied = true;
                        continue;
                    }
                }

                await client.PushAsync(context.Conversation.ChatId, batches[progress], RetryKey(context.IdempotencySeed, progress), cancellationToken);
            }
        }
        catch (PlatformApiException ex)
        {
            var transient = (int)ex.Status >= 500 || ex.Status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout;
            logger.LogWarning("LINE send to {Conversation} answered {Status} (request id {RequestId}): {Body}", context.Conversation, (int)ex.Status, ex.RequestId, ex.Body);
            return new SendOutcome(transient ? SendStatus.RetryLater : SendStatus.Failed, ex.Body, ex.RequestId, progress, ex.RetryAfter);
        }
        catch (Exception ex) when (PlatformResilience.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("LINE send to {Conversation} did not complete: {Error}", context.Conversation, ex.Message);
            return new SendOutcome(SendStatus.RetryLater, ex.Message, null, progress, MayHaveArrived: PlatformResilience.MayHaveArrived(ex));
        }

        return new SendOutcome(replied && batches.Count == 1 ? SendStatus.Replied : SendStatus.Pushed, Progress: progress);
    }

    public async Task ShowTypingAsync(OutboundContext context, CancellationToken cancellationToken)
    {
        // The loading animation exists only in one-to-one chats.
        if (!context.Conversation.ChatId.StartsWith('U'))
        {
            return;
        }

        try
        {
            await client.StartLoadingAsync(context.Conversation.ChatId, options.CurrentValue.LoadingSeconds, cancellationToken);
        }
        catch (Exception ex) when (ex is PlatformApiException || PlatformResilience.IsTransient(ex) || ex is OperationCanceledException)
        {
            logger.LogDebug(ex, "Loading animation for {Conversation} not shown", context.Conversation);
        }
    }

    /// <summary>True while the reply token is still worth trying (received recently enough).</summary>
    public bool CanReply(OutboundContext context)
    {
        if (string.IsNullOrEmpty(context.ReplyToken) || context.ReplyTokenReceivedAt is not { } receivedAt)
        {
            return false;
        }

        var now = time.GetUtcNow();
        if (now - receivedAt > options.CurrentValue.ReplyTokenLifetime)
        {
            return false;
        }

        return context.EventTimestamp is not { } happened || now - happened < RedeliveredTokenCeiling;
    }

    /// <summary>A UUID (version 4 layout) derived from the message, the same on every attempt.</summary>
    public static Guid RetryKey(string seed, int batch)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}#{batch}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x40);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
