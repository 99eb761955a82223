using System.Security.Cryptography;
using System.Text;
using ChatCommerce.Channels.Common;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Replies;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Channels.Line;

/// <summary>
/// Sends a turn's replies on LINE: by reply token while it is still valid (free), otherwise by push
/// with an idempotency key derived from the turn, so a re-run turn or a retry never sends twice.
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
        var rendered = LineMessageRenderer.Render(messages);
        if (rendered.Count == 0)
        {
            return new SendOutcome(SendStatus.Replied, "nothing to send");
        }

        var batches = rendered.Chunk(LineLimits.MessagesPerCall).ToList();
        var allReplied = true;
        try
        {
            for (var i = 0; i < batches.Count; i++)
            {
                if (i == 0 && CanReply(context))
                {
                    var result = await client.ReplyAsync(context.ReplyToken!, batches[0], cancellationToken);
                    if (result == ReplyResult.Sent)
                    {
                        continue;
                    }
                }

                allReplied = false;
                await client.PushAsync(context.Conversation.ChatId, batches[i], RetryKey(context.IdempotencySeed, i), cancellationToken);
            }
        }
        catch (PlatformApiException ex)
        {
            logger.LogError("LINE send to {Conversation} failed: {Status} request id {RequestId}: {Body}", context.Conversation, (int)ex.Status, ex.RequestId, ex.Body);
            return new SendOutcome(SendStatus.Failed, ex.Body, ex.RequestId);
        }
        catch (HttpRequestException ex)
        {
            logger.LogError(ex, "LINE send to {Conversation} failed after retries", context.Conversation);
            return new SendOutcome(SendStatus.Failed, ex.Message);
        }

        return new SendOutcome(allReplied ? SendStatus.Replied : SendStatus.Pushed);
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
        catch (Exception ex) when (ex is PlatformApiException or HttpRequestException)
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

    /// <summary>A UUID (version 4 layout) derived from the turn, the same every time the turn runs.</summary>
    public static Guid RetryKey(string seed, int batch)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}#{batch}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x40);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
