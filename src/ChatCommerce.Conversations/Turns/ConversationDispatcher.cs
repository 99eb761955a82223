using System.Threading.Channels;
using Channel = System.Threading.Channels.Channel;
using ChatCommerce.Domain.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Conversations.Turns;

/// <summary>
/// Runs conversation drains on a fixed number of workers, and on more of them while the recent
/// drains are short (<see cref="PipelineOptions.ShortDrainWorkers"/>, <see cref="DrainSizes"/>).
/// Different conversations run in parallel; a conversation is queued once however many of its
/// events arrive (its drain reads every event stored before it starts). Scheduled drains wait in
/// one time-ordered queue served by a single timer, not a timer per event.
/// </summary>
public sealed class ConversationDispatcher(
    IServiceScopeFactory scopes,
    IOptions<PipelineOptions> options,
    TimeProvider time,
    ILogger<ConversationDispatcher> logger) : BackgroundService, IConversationDispatcher
{
    private readonly Channel<ConversationKey> _ready = Channel.CreateUnbounded<ConversationKey>();
    private readonly PriorityQueue<ConversationKey, DateTimeOffset> _waiting = new();
    private readonly Dictionary<ConversationKey, DateTimeOffset> _scheduled = [];
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private readonly DrainSizes _sizes = new();

    // Turns use the CPU on a few dedicated threads of lower priority (one per core by default): a
    // turn waiting for the database or a platform holds none, and when the core is short the
    // webhooks' acknowledgements go first (the platform's wait for its 200 is what must stay short).
    private readonly TurnScheduler _turns = new(
        options.Value.CpuSlots ?? Environment.ProcessorCount, options.Value.TurnNice, options.Value.TurnSlice);

    public void Schedule(ConversationKey conversation, TimeSpan delay)
    {
        var due = ReleaseAt(time.GetUtcNow(), delay, options.Value.DrainTick);
        var signal = false;
        lock (_gate)
        {
            if (_scheduled.TryGetValue(conversation, out var already) && already <= due)
            {
                return;
            }

            _scheduled[conversation] = due;
            if (delay <= TimeSpan.Zero)
            {
                _ready.Writer.TryWrite(conversation);
                return;
            }

            signal = !_waiting.TryPeek(out _, out var first) || due < first;
            _waiting.Enqueue(conversation, due);
        }

        if (signal)
        {
            _wake.Release();
        }
    }

    /// <summary>
    /// When a conversation asked for after <paramref name="delay"/> is handed to the workers: now
    /// for no delay; otherwise at the end of the tick its wait ends in (never before the delay), so
    /// that conversations due within one tick go together (see <see cref="PipelineOptions.DrainTick"/>).
    /// </summary>
    public static DateTimeOffset ReleaseAt(DateTimeOffset now, TimeSpan delay, TimeSpan tick)
    {
        if (delay <= TimeSpan.Zero)
        {
            return now;
        }

        var end = now + delay;
        if (tick <= TimeSpan.Zero)
        {
            return end;
        }

        var ticks = (end.UtcTicks + tick.Ticks - 1) / tick.Ticks * tick.Ticks;
        return new DateTimeOffset(ticks, TimeSpan.Zero);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var workers = Math.Max(0, options.Value.Workers);
        var extra = workers == 0 ? 0 : Math.Max(0, (options.Value.ShortDrainWorkers ?? workers) - workers);
        return Task.WhenAll(Enumerable.Range(0, workers + extra).Select(i => Task.Run(() => WorkAsync(i >= workers, stoppingToken), stoppingToken))
            .Append(TimerAsync(stoppingToken)));
    }

    /// <summary>Moves conversations whose time has come to the ready queue.</summary>
    private async Task TimerAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            lock (_gate)
            {
                var now = time.GetUtcNow();
                while (_waiting.TryPeek(out var conversation, out var due) && due <= now)
                {
                    _waiting.Dequeue();
                    // Stale entries (moved earlier, or already run) are skipped.
                    if (_scheduled.TryGetValue(conversation, out var current) && current == due)
                    {
                        _ready.Writer.TryWrite(conversation);
                    }
                }

                wait = _waiting.TryPeek(out _, out var next) ? next - now : TimeSpan.FromSeconds(1);
            }

            try
            {
                await _wake.WaitAsync(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// One worker: takes the next ready conversation and drains it, and again. An extra worker
    /// (beyond <see cref="PipelineOptions.Workers"/>) takes one only while the recent drains are short.
    /// </summary>
    private async Task WorkAsync(bool extra, CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                if (extra)
                {
                    await _sizes.WhenShort().WaitAsync(stoppingToken);
                }

                if (_ready.Reader.TryRead(out var conversation))
                {
                    await RunAsync(conversation, stoppingToken);
                }
                else if (!await _ready.Reader.WaitToReadAsync(stoppingToken))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunAsync(ConversationKey conversation, CancellationToken stoppingToken)
    {
        // Cleared before draining: an event stored from now on schedules a new drain.
        lock (_gate)
        {
            _scheduled.Remove(conversation);
        }

        try
        {
            var result = await Task.Factory.StartNew(() => DrainAsync(conversation, stoppingToken), stoppingToken, TaskCreationOptions.None, _turns).Unwrap();
            _sizes.Observe(result.Events);
            switch (result.Outcome)
            {
                case DrainOutcome.Busy:
                    Schedule(conversation, options.Value.BusyRetry);
                    break;
                case DrainOutcome.More:
                    Schedule(conversation, TimeSpan.Zero);
                    break;
                case DrainOutcome.RetryAt:
                    Schedule(conversation, result.At!.Value - time.GetUtcNow());
                    break;
            }
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // The store could not be read or written: try again soon, the events are safe.
            logger.LogError(ex, "Draining {Conversation} failed; trying again", conversation);
            Schedule(conversation, options.Value.FirstRetryDelay);
        }
    }

    private async Task<DrainResult> DrainAsync(ConversationKey conversation, CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ConversationDrain>().DrainAsync(conversation, stoppingToken);
    }

    public override void Dispose()
    {
        _wake.Dispose();
        _turns.Dispose();
        base.Dispose();
    }
}
