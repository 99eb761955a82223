using ChatCommerce.Channels.Common;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Replies;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Channels.Messenger;

/// <summary>
/// Messenger's handover protocol: takes a thread back for this app (<c>/me/take_thread_control</c>)
/// when staff take the conversation or hand it back, and passes it to
/// <see cref="MessengerOptions.HandoverAppId"/> (<c>/me/pass_thread_control</c>) when the bot hands it to staff.
/// </summary>
public sealed class MessengerThreadControl(MessengerApiClient client, IOptionsMonitor<MessengerOptions> options, ILogger<MessengerThreadControl> logger) : IThreadControl
{
    public Channel Channel => Channel.Messenger;

    public bool PassesToStaffApp => options.CurrentValue.HandoverAppId.Length > 0;

    public Task<bool> TakeAsync(string chatId, string? note, CancellationToken cancellationToken) =>
        CallAsync(chatId, "take", () => client.TakeThreadControlAsync(chatId, note, cancellationToken), cancellationToken);

    public Task<bool> PassAsync(string chatId, string? note, CancellationToken cancellationToken) =>
        options.CurrentValue.HandoverAppId is { Length: > 0 } target
            ? CallAsync(chatId, "pass", () => client.PassThreadControlAsync(chatId, target, note, cancellationToken), cancellationToken)
            : Task.FromResult(false);

    private async Task<bool> CallAsync(string chatId, string what, Func<Task<MessengerSendResult>> call, CancellationToken cancellationToken)
    {
        try
        {
            var result = await call();
            if (!result.Succeeded)
            {
                logger.LogWarning("Messenger refused to {What} thread {Chat}: ({Code}) {Message}", what, chatId, result.Error?.Code, result.Error?.Message);
            }

            return result.Succeeded;
        }
        catch (Exception ex) when (PlatformResilience.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Messenger thread control for {Chat} ({What}) failed: {Error}", chatId, what, ex.Message);
            return false;
        }
    }
}
