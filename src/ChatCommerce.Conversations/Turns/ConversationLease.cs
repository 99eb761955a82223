using System.Collections.Concurrent;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Ports;
using Microsoft.Extensions.Logging;

namespace ChatCommerce.Conversations.Turns;

/// <summary>
/// A conversation lock held by a drain. While it is held the <see cref="LeaseKeeper"/> renews it
/// once a third of its time-to-live has passed since the last renewal. If a renewal fails (the
/// lock expired and another instance took it) the lease is lost: the drain stops after the turn
/// in hand, whose commit the state's version check still guards.
/// </summary>
public sealed class ConversationLease : IAsyncDisposable
{
    private readonly LeaseKeeper _keeper;
    private long _renewedAt;
    private int _released;

    // Written by the keeper's loop, read by the drain between turns.
    private volatile bool _lost;

    internal ConversationLease(LeaseKeeper keeper, ILockHandle handle, TimeSpan timeToLive, long now)
    {
        _keeper = keeper;
        Handle = handle;
        TimeToLive = timeToLive;
        _renewedAt = now;
    }

    internal ILockHandle Handle { get; }

    internal TimeSpan TimeToLive { get; }

    public bool IsLost
    {
        get => _lost;
        internal set => _lost = value;
    }

    /// <summary>A third of the time-to-live has passed since the lock was taken or last renewed.</summary>
    internal bool IsDue(long now, TimeProvider time) => time.GetElapsedTime(Volatile.Read(ref _renewedAt), now) >= TimeToLive / 3;

    internal void Renewed(long at) => Volatile.Write(ref _renewedAt, at);

    internal bool IsReleased => Volatile.Read(ref _released) == 1;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _released, 1) == 1)
        {
            return;
        }

        _keeper.Forget(this);
        try
        {
            await Handle.DisposeAsync();
        }
        catch (Exception) when (IsLost)
        {
            // Nothing to release: it expired.
        }
    }
}

/// <summary>
/// Takes conversation locks and keeps them while their drains run: one loop for the whole
/// process renews every held lease that is due, instead of a timer and a task started for each
/// drain (most drains end long before their first renewal, and starting and stopping a renewal
/// loop for each cost two thread hand-offs a drain).
/// </summary>
public sealed class LeaseKeeper : IAsyncDisposable
{
    private readonly ConcurrentDictionary<ConversationLease, byte> _held = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _period;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <param name="period">How often the held leases are looked at; a sixth of the time-to-live keeps a renewal at most half of it late.</param>
    public LeaseKeeper(TimeProvider time, TimeSpan period, ILogger logger)
    {
        _time = time;
        _period = period > TimeSpan.Zero ? period : TimeSpan.FromSeconds(1);
        _logger = logger;
        // The looks are counted from now, however late the loop below starts; it runs on the
        // thread pool, never on the caller's scheduler: the turns' scheduler (or a test's context)
        // may be busy exactly when a lock needs renewing.
        var timer = new PeriodicTimer(_period, _time);
        _loop = Task.Run(() => KeepAsync(timer, _stop.Token));
    }

    /// <summary>Leases held now (tests and diagnostics).</summary>
    public int Held => _held.Count;

    public async Task<ConversationLease?> TryAcquireAsync(IDistributedLockProvider locks, ConversationKey conversation, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        var taken = _time.GetTimestamp();
        var handle = await locks.TryAcquireAsync("lock:" + conversation, timeToLive, TimeSpan.Zero, cancellationToken);
        if (handle is null)
        {
            return null;
        }

        var lease = new ConversationLease(this, handle, timeToLive, taken);
        _held.TryAdd(lease, 0);
        return lease;
    }

    internal void Forget(ConversationLease lease) => _held.TryRemove(lease, out _);

    private async Task KeepAsync(PeriodicTimer timer, CancellationToken stop)
    {
        using var _ = timer;
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                var now = _time.GetTimestamp();
                var due = _held.Keys.Where(l => l.IsDue(now, _time)).Select(RenewAsync).ToList();
                if (due.Count > 0)
                {
                    await Task.WhenAll(due).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private async Task RenewAsync(ConversationLease lease)
    {
        var at = _time.GetTimestamp();
        try
        {
            if (await lease.Handle.ExtendAsync(lease.TimeToLive).ConfigureAwait(false))
            {
                lease.Renewed(at);
                return;
            }

            if (!lease.IsReleased)
            {
                _logger.LogWarning("Lost the lock {Key} while draining", lease.Handle.Key);
            }
        }
        catch (Exception ex)
        {
            // A renewal that cannot reach the lock store: assume the worst.
            _logger.LogWarning(ex, "Could not renew the lock {Key}", lease.Handle.Key);
        }

        lease.IsLost = true;
        Forget(lease);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;

        _stop.Dispose();
    }
}
