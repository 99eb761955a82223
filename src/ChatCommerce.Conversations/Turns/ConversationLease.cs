using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Ports;
using Microsoft.Extensions.Logging;

namespace ChatCommerce.Conversations.Turns;

/// <summary>
/// The conversation lock, renewed every third of its time-to-live while a drain runs. If a renewal
/// fails (the lock expired and another instance took it) the lease is lost: the drain stops after
/// the turn in hand, whose commit the state's version check still guards.
/// </summary>
public sealed class ConversationLease : IAsyncDisposable
{
    private readonly ILockHandle _handle;
    private readonly PeriodicTimer _timer;
    private readonly Task _heartbeat;

    private ConversationLease(ILockHandle handle, TimeSpan timeToLive, ILogger logger)
    {
        _handle = handle;
        _timer = new PeriodicTimer(timeToLive / 3);
        // On the thread pool, never on the caller's scheduler: the turns' scheduler (or a test's
        // context) may be busy exactly when the lock needs renewing.
        _heartbeat = Task.Run(() => RenewAsync(timeToLive, logger));
    }

    public bool IsLost { get; private set; }

    public static async Task<ConversationLease?> TryAcquireAsync(IDistributedLockProvider locks, ConversationKey conversation, TimeSpan timeToLive, ILogger logger, CancellationToken cancellationToken)
    {
        var handle = await locks.TryAcquireAsync("lock:" + conversation, timeToLive, TimeSpan.Zero, cancellationToken);
        return handle is null ? null : new ConversationLease(handle, timeToLive, logger);
    }

    private async Task RenewAsync(TimeSpan timeToLive, ILogger logger)
    {
        try
        {
            // Stopping the timer ends the loop without an exception (a drain is short; this is hot).
            while (await _timer.WaitForNextTickAsync().ConfigureAwait(false))
            {
                if (!await _handle.ExtendAsync(timeToLive).ConfigureAwait(false))
                {
                    IsLost = true;
                    logger.LogWarning("Lost the lock {Key} while draining", _handle.Key);
                    return;
                }
            }
        }
        catch (Exception ex)
        {
            // A renewal that cannot reach the lock store: assume the worst.
            IsLost = true;
            logger.LogWarning(ex, "Could not renew the lock {Key}", _handle.Key);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _timer.Dispose();
        await _heartbeat;
        try
        {
            await _handle.DisposeAsync();
        }
        catch (Exception) when (IsLost)
        {
            // Nothing to release: it expired.
        }
    }
}
