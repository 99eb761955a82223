using ChatCommerce.Conversations.Turns;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Replies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Conversations.Outbox;

/// <summary>
/// Delivers stored outbox messages: right after the commit that stored them, then again with
/// growing waits (or what the platform asks for) until delivered, refused for good, or stale.
/// Messages of one conversation go out in the order they were stored: while one waits for a retry
/// the later ones wait behind it. Messages an instance abandoned (it died holding their lease) are
/// claimed and finished here; a message is never sent twice (see <see cref="OutboundContext.MayHaveBeenSent"/>).
/// </summary>
public sealed class OutboxSender(
    IServiceScopeFactory scopes,
    PipelineMetrics metrics,
    FinishedMessages finished,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    ILogger<OutboxSender> logger) : BackgroundService
{
    private readonly Dictionary<ConversationKey, Lane> _lanes = [];

    // Every message in a lane, once: a message this instance already holds is never queued twice
    // (the drain that stored it and the recovery that found it can both come with it).
    private readonly HashSet<long> _held = [];

    // Outcomes waiting to be stored: written in batches by one loop, so a busy host records many
    // deliveries in one transaction. Their messages stay held until then.
    private readonly System.Threading.Channels.Channel<OutboxCompletion> _completions =
        System.Threading.Channels.Channel.CreateUnbounded<OutboxCompletion>(new System.Threading.Channels.UnboundedChannelOptions { SingleReader = true });

    private readonly HashSet<long> _completing = [];

    // Finished messages (their outcome stored) still held until the next recovery pass begins. A
    // pass claims in the database first and filters by what is held afterwards: a message whose
    // outcome was stored in between was claimed as still pending, and if it were no longer held the
    // pass would queue it again and send it a second time.
    private readonly List<long> _released = [];
    private readonly Lock _gate = new();

    // The host's stopping signal, for the lanes (none until the service runs): a lane outlives the
    // call that started it, so a caller giving up waiting does not stop a message half sent.
    private CancellationToken _stopping = CancellationToken.None;
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);

    /// <summary>
    /// First attempt at messages just stored, in order per conversation. Returns once each has had
    /// its attempt, or waits behind an earlier message of its conversation that is due for a retry,
    /// with what became of each (a <see cref="SendStatus"/> name, or "Queued" when it waits for a
    /// retry). A message behind others being sent right now waits for them and its own attempt.
    /// Never throws for delivery or storage failures: those are retried.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, string>> DeliverAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        var attempts = messages.Select(_ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously)).ToList();
        Start(messages, attempts);
        var report = new Dictionary<long, string>(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            report[messages[i].Id] = await attempts[i].Task.WaitAsync(cancellationToken);
        }

        return report;
    }

    /// <summary>
    /// First attempt at messages just stored, without waiting for it: each goes to its
    /// conversation's lane (behind what the lane holds already), and a lane not yet working is
    /// started and left to run. A drain hands its turn's replies over and goes on to the next
    /// event while they are sent; they still leave in the order they were stored.
    /// </summary>
    public void Hand(IReadOnlyList<OutboxMessage> messages) => Start(messages, attempted: null);

    private void Start(IReadOnlyList<OutboxMessage> messages, List<TaskCompletionSource<string>>? attempted)
    {
        foreach (var (key, lane) in Queue(messages, attempted))
        {
            // On the pool, not on the caller's thread: a lane started on a drain's turn thread
            // would run all of it there (its awaits come back to the turn scheduler), sends and
            // delivery outcomes queued behind the turns. Measured slower (docs/throughput.md,
            // "Replies sent while the drain goes on").
            _ = Task.Run(() => RunLaneAsync(key, lane, _stopping), CancellationToken.None);
        }
    }

    /// <summary>
    /// Puts each message at the end of its conversation's lane; returns the lanes made for them,
    /// which the caller runs. A message that joins an idle lane (its head waits for a retry) is
    /// told "Queued" at once; one that joins a busy lane hears when its attempt is made.
    /// </summary>
    private List<(ConversationKey, Lane)> Queue(IReadOnlyList<OutboxMessage> messages, List<TaskCompletionSource<string>>? attempted)
    {
        var made = new List<(ConversationKey, Lane)>();
        lock (_gate)
        {
            for (var i = 0; i < messages.Count; i++)
            {
                var message = messages[i];
                var key = message.Entry.Conversation;
                if (!_lanes.TryGetValue(key, out var lane))
                {
                    _lanes[key] = lane = new Lane { Busy = true };
                    made.Add((key, lane));
                }

                var signal = attempted?[i];
                if (!Queue(lane, new Work(message, time.GetUtcNow(), signal)) || !lane.Busy)
                {
                    // Held already (another lane of this instance has it), or waiting for a retry.
                    signal?.TrySetResult("Queued");
                }
            }
        }

        return made;
    }

    /// <summary>Messages this instance is working on (for tests and the shutdown log).</summary>
    public int InFlight
    {
        get
        {
            lock (_gate)
            {
                return _lanes.Values.Sum(l => l.Work.Count);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        var completions = Task.Run(() => StoreCompletionsAsync(stoppingToken), CancellationToken.None);
        await RunAsync(stoppingToken);
        _completions.Writer.TryComplete();
        await completions;
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var nextRecovery = DateTimeOffset.MinValue;
        var claimAll = settings.ClaimAllAtStart;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = time.GetUtcNow();
                if (now >= nextRecovery)
                {
                    await RecoverAsync(claimAll, stoppingToken);
                    claimAll = false;
                    nextRecovery = now + settings.RecoveryInterval;
                }

                var wait = StartDueLanes(stoppingToken);
                var untilRecovery = nextRecovery - time.GetUtcNow();
                var delay = wait is { } w && w < untilRecovery ? w : untilRecovery;
                await _wake.WaitAsync(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Outbox recovery failed; trying again shortly");
                nextRecovery = time.GetUtcNow() + TimeSpan.FromSeconds(1);
            }
        }

        var left = InFlight;
        if (left > 0)
        {
            logger.LogInformation("Stopping with {Count} outbox messages still to deliver; their leases run out and they are taken over", left);
        }
    }

    /// <summary>Starts every idle lane whose head is due; returns how long until the next one is.</summary>
    private TimeSpan? StartDueLanes(CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow();
        TimeSpan? soonest = null;
        var due = new List<(ConversationKey, Lane)>();
        lock (_gate)
        {
            foreach (var (key, lane) in _lanes)
            {
                if (lane.Busy || lane.Work.First is not { } head)
                {
                    continue;
                }

                if (head.Value.Due <= now)
                {
                    lane.Busy = true;
                    due.Add((key, lane));
                }
                else if (soonest is null || head.Value.Due - now < soonest)
                {
                    soonest = head.Value.Due - now;
                }
            }
        }

        foreach (var (key, lane) in due)
        {
            _ = Task.Run(() => RunLaneAsync(key, lane, stoppingToken), stoppingToken);
        }

        return soonest;
    }

    /// <summary>Works through a lane until it is empty (and removed) or its head has to wait.</summary>
    private async Task RunLaneAsync(ConversationKey key, Lane lane, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = new LaneServices(scope.ServiceProvider, key.Channel);
        while (true)
        {
            Work head;
            lock (_gate)
            {
                if (lane.Work.First is null)
                {
                    _lanes.Remove(key);
                    return;
                }

                head = lane.Work.First.Value;
            }

            Work? next;
            try
            {
                (next, var outcome) = await AttemptAsync(head, services, cancellationToken);
                head.Attempted?.TrySetResult(outcome);
            }
            catch (Exception ex)
            {
                // The database could not be read (a Messenger message's echoes): try again shortly.
                if (!cancellationToken.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "Outbox message {Id} could not be attempted; trying again", head.Message.Id);
                }

                next = head with { Due = time.GetUtcNow() + TimeSpan.FromSeconds(1) };
                head.Attempted?.TrySetResult("Queued");
            }

            lock (_gate)
            {
                lane.Work.RemoveFirst();
                if (next is null)
                {
                    if (!_completing.Contains(head.Message.Id))
                    {
                        _released.Add(head.Message.Id);
                    }

                    continue;
                }

                lane.Work.AddFirst(next);
                lane.Busy = false;

                // The lane waits for its head's retry: whoever waits for a message behind it hears "Queued".
                foreach (var waiting in lane.Work)
                {
                    waiting.Attempted?.TrySetResult("Queued");
                }
            }

            _wake.Release();
            return;
        }
    }

    /// <summary>One attempt; null when the message is finished (delivered or given up), otherwise what to do next.</summary>
    private async Task<(Work? Next, string Outcome)> AttemptAsync(Work work, LaneServices services, CancellationToken cancellationToken)
    {
        var message = work.Message;
        var entry = message.Entry;
        var channel = entry.Conversation.Channel;
        if (channel == Channel.Messenger && message.MayHaveBeenSent)
        {
            // Meta's echo may have told what arrived since: never send a part again that did.
            switch (await services.Store.ReadAsync(message.Id, cancellationToken))
            {
                case null:
                    // Delivered (its outcome stored by another attempt or instance), or erased.
                    return (null, "Gone");
                case { Status: not OutboxStatus.Pending } stored:
                    return (null, stored.Status.ToString());
                case { Progress: var stored } when stored > message.Progress:
                    message = message with { Progress = stored };
                    work = work with { Message = message };
                    break;
            }
        }

        var now = time.GetUtcNow();
        if (now >= entry.ExpiresAt)
        {
            logger.LogWarning("Outbox message {Id} to {Conversation} expired undelivered after {Attempts} attempts", message.Id, entry.Conversation, message.Attempts);
            metrics.NotDelivered(channel, nameof(OutboxStatus.Expired));
            return (Finish(work, OutboxStatus.Expired, message.Progress, "stale before it could be delivered"), nameof(OutboxStatus.Expired));
        }

        SendOutcome outcome;
        if (services.Gateway is not { } gateway)
        {
            outcome = new SendOutcome(SendStatus.Failed, $"no gateway for {channel}", Progress: message.Progress);
        }
        else
        {
            try
            {
                var sending = System.Diagnostics.Stopwatch.GetTimestamp();
                outcome = await gateway.SendAsync(message.Context(), entry.Messages, cancellationToken);
                metrics.Step("send", sending);
                if (logger.IsEnabled(LogLevel.Debug))
                {
                    logger.LogDebug("Outbox message {Id} ({Seed}) attempt {Attempt} from part {Progress}, may have been sent: {Uncertain} → {Status} at part {Reached}", message.Id, entry.IdempotencySeed, message.Attempts + 1, message.Progress, message.MayHaveBeenSent, outcome.Status, outcome.Progress);
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Sending outbox message {Id} failed", message.Id);
                outcome = new SendOutcome(SendStatus.RetryLater, ex.Message, Progress: message.Progress, MayHaveArrived: true);
            }
        }

        if (outcome.IsFinal)
        {
            var status = outcome.Status switch
            {
                SendStatus.Replied or SendStatus.Pushed => OutboxStatus.Sent,
                SendStatus.NotAllowed => OutboxStatus.NotAllowed,
                SendStatus.Unreachable => OutboxStatus.Unreachable,
                _ => OutboxStatus.Failed,
            };
            if (status == OutboxStatus.Sent)
            {
                metrics.Sent(channel);
            }
            else
            {
                metrics.NotDelivered(channel, status.ToString());
                logger.LogWarning("Outbox message {Id} to {Conversation} not delivered: {Status} {Detail}", message.Id, entry.Conversation, status, outcome.Detail);
            }

            return (Finish(work, status, outcome.Progress, status == OutboxStatus.Sent ? outcome.Status.ToString() : outcome.Detail), outcome.Status.ToString());
        }

        var settings = options.Value;
        var attempts = message.Attempts + 1;
        var backoff = TimeSpan.FromTicks(Math.Min(settings.MaxRetryDelay.Ticks, settings.FirstRetryDelay.Ticks << Math.Min(attempts - 1, 20)));
        var wait = outcome.RetryAfter is { } asked && asked > backoff ? asked : backoff;
        if (channel == Channel.Messenger && outcome.MayHaveArrived && wait < settings.EchoGrace)
        {
            wait = settings.EchoGrace;
        }
        var due = now + wait < entry.ExpiresAt ? now + wait : entry.ExpiresAt;
        var retried = message with
        {
            Attempts = attempts,
            Progress = outcome.Progress,
            MayHaveBeenSent = outcome.MayHaveArrived || (message.MayHaveBeenSent && outcome.Progress == message.Progress),
        };
        metrics.SendRetried(channel);
        logger.LogInformation("Outbox message {Id} to {Conversation}: attempt {Attempt} failed ({Detail}); next at {Due}", message.Id, entry.Conversation, attempts, outcome.Detail, due);
        var next = new Work(retried, due);
        try
        {
            await services.Store.RescheduleAsync(retried, due, due + settings.Lease, outcome.Detail, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Kept in memory; the lease renewal or a later attempt stores it.
            logger.LogWarning(ex, "Could not store the retry of outbox message {Id}", message.Id);
        }

        return (next, "Queued");
    }

    /// <summary>The message is done with; its outcome is stored by the completion loop (it stays held until then).</summary>
    private Work? Finish(Work work, OutboxStatus status, int progress, string? note)
    {
        lock (_gate)
        {
            _completing.Add(work.Message.Id);
        }

        _completions.Writer.TryWrite(new OutboxCompletion(work.Message.Id, status, progress, note, time.GetUtcNow(), work.Message.Entry.IdempotencySeed));
        return null;
    }

    /// <summary>Stores outcomes in batches; one that fails is tried again (its messages stay held, never resent).</summary>
    private async Task StoreCompletionsAsync(CancellationToken stoppingToken)
    {
        var batch = new List<OutboxCompletion>();
        while (await _completions.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < 500 && _completions.Reader.TryRead(out var completion))
            {
                batch.Add(completion);
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<IOutboxStore>().CompleteAsync(batch, CancellationToken.None);
                finished.Add(batch.Where(c => c.Seed is not null && c.Status != OutboxStatus.Pending).Select(c => c.Seed!));
                lock (_gate)
                {
                    foreach (var done in batch)
                    {
                        _completing.Remove(done.Id);
                        _released.Add(done.Id);
                    }
                }

                batch.Clear();
            }
            catch (Exception ex)
            {
                if (stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "Stopping before {Count} delivery outcomes were stored; they are sorted out at the next start", batch.Count);
                    return;
                }

                logger.LogWarning(ex, "Could not store {Count} delivery outcomes; trying again", batch.Count);
                await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
            }
        }
    }

    /// <summary>Claims messages whose instance died and renews the leases of those held here.</summary>
    private async Task RecoverAsync(bool claimAll, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        List<long> held;
        lock (_gate)
        {
            // Released before this pass's claim: their outcomes are in the database, which it reads.
            foreach (var id in _released)
            {
                _held.Remove(id);
            }

            _released.Clear();
            held = _lanes.Values.SelectMany(l => l.Work).Select(w => w.Message.Id).ToList();
        }

        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IOutboxStore>();
        if (held.Count > 0)
        {
            await store.RenewLeasesAsync(held, now + settings.Lease, cancellationToken);
        }

        var claimed = await store.ClaimAbandonedAsync(claimAll ? DateTimeOffset.MaxValue : now, now - settings.RecoveryInterval, now + settings.Lease, 500, cancellationToken);
        if (claimed.Count == 0)
        {
            return;
        }

        logger.LogInformation("Took over {Count} outbox messages nobody was working on: {Seeds}", claimed.Count, string.Join(", ", claimed.Take(20).Select(m => $"{m.Id} {m.Entry.IdempotencySeed}")));
        lock (_gate)
        {
            foreach (var message in claimed.Where(m => !_held.Contains(m.Id)))
            {
                if (!_lanes.TryGetValue(message.Entry.Conversation, out var lane))
                {
                    _lanes[message.Entry.Conversation] = lane = new Lane();
                }

                // A Messenger message the dead instance may have sent waits for its echo first.
                var due = message.Entry.Conversation.Channel == Channel.Messenger ? now + settings.EchoGrace : now;
                Queue(lane, new Work(message, due));
            }
        }
    }

    /// <summary>Appends to the lane unless the message is held already (call under the gate); false then.</summary>
    private bool Queue(Lane lane, Work work)
    {
        if (!_held.Add(work.Message.Id))
        {
            return false;
        }

        lane.Work.AddLast(work);
        return true;
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    private sealed class Lane
    {
        public LinkedList<Work> Work { get; } = new();

        /// <summary>A task is working through the lane right now.</summary>
        public bool Busy { get; set; }
    }

    /// <param name="Attempted">Told the outcome of the next attempt, or "Queued" when the message waits for a retry.</param>
    private sealed record Work(OutboxMessage Message, DateTimeOffset Due, TaskCompletionSource<string>? Attempted = null);

    /// <summary>
    /// What a lane's attempts use, resolved when first needed: most lanes deliver one message on
    /// the first attempt and never touch the store (no database context is rented for them).
    /// </summary>
    private sealed class LaneServices(IServiceProvider services, Channel channel)
    {
        private IOutboxStore? _store;
        private IChannelGateway? _gateway;
        private bool _gatewayResolved;

        public IOutboxStore Store => _store ??= services.GetRequiredService<IOutboxStore>();

        public IChannelGateway? Gateway
        {
            get
            {
                if (!_gatewayResolved)
                {
                    _gateway = services.GetRequiredService<PerChannel<IChannelGateway>>().For(channel);
                    _gatewayResolved = true;
                }

                return _gateway;
            }
        }
    }
}
