using ChatCommerce.Channels.Common;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Replies;
using Microsoft.Extensions.Logging;

namespace ChatCommerce.Channels.Messenger;

/// <summary>Takes a Messenger thread back for this app (<c>/me/take_thread_control</c>) when staff take the conversation.</summary>
public sealed class MessengerThreadControl(MessengerApiClient client, ILogger<MessengerThreadControl> logger) : IThreadControl
{
    public Channel Channel => Channel.Messenger;

    public async Task<bool> TakeAsync(string chatId, string? note, CancellationToken cancellationToken)
    {
        try
        {
            var result = await client.TakeThreadControlAsync(chatId, note, cancellationToken);
            if (!result.Succeeded)
            {
                logger.LogWarning("Messenger did not give thread {Chat} back: ({Code}) {Message}", chatId, result.Error?.Code, result.Error?.Message);
            }

            return result.Succeeded;
        }
        catch (Exception ex) when (PlatformResilience.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Messenger thread control for {Chat} not taken: {Error}", chatId, ex.Message);
            return false;
        }
    }
}
