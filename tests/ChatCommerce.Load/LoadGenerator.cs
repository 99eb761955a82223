using System.Diagnostics;
using System.Net;
using System.Threading.Channels;

namespace ChatCommerce.Load;

/// <summary>How the load is offered.</summary>
/// <param name="Rate">Webhooks per second offered on a fixed schedule; null: as fast as they are acknowledged.</param>
/// <param name="Twice">Every webhook is posted twice, and each shopper's two next messages arrive newest first.</param>
public sealed record GeneratorOptions(TimeSpan Duration, double? Rate, int Connections, bool Twice = false)
{
    /// <summary>A shopper who got no answer in this long writes again anyway (the event stays counted as unanswered until it is).</summary>
    public TimeSpan Patience { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>A webhook refused (5xx) or not delivered (no connection) is posted again after this, as the platforms redeliver.</summary>
    public TimeSpan RedeliverAfter { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The shopper writes again as soon as the webhook is acknowledged (for bare Kestrel, which answers nothing).</summary>
    public bool AnswerOnAck { get; init; }
}

/// <summary>
/// Drives the shoppers' conversations against the host's webhooks: a shopper writes again once the
/// answer to their last message arrived (a real chat is turn by turn). Refused or failed webhooks are
/// delivered again until acknowledged, as LINE's and Meta's redelivery does.
/// </summary>
public sealed class LoadGenerator
{
    private readonly IPEndPoint _host;
    private readonly Webhooks _webhooks;
    private readonly StandInPlatform _platform;
    private readonly Channel<Shopper> _ready = Channel.CreateUnbounded<Shopper>();
    private readonly Channel<Delivery> _redeliveries = Channel.CreateUnbounded<Delivery>();
    private readonly Dictionary<Shopper, long> _waitingSince = [];
    private long _posted, _acknowledged, _refused, _failed, _idleSlots;

    public LoadGenerator(IPEndPoint host, Webhooks webhooks, StandInPlatform platform, IEnumerable<Shopper> shoppers)
    {
        _host = host;
        _webhooks = webhooks;
        _platform = platform;
        foreach (var shopper in shoppers)
        {
            _ready.Writer.TryWrite(shopper);
        }

        platform.Answered = (record, buttons) =>
        {
            record.Shopper.Shown(buttons);
            lock (_waitingSince)
            {
                if (record.Shopper.Awaiting != record.Seed)
                {
                    return;
                }

                record.Shopper.Awaiting = null;
                _waitingSince.Remove(record.Shopper);
            }

            _ready.Writer.TryWrite(record.Shopper);
        };
    }

    public Latencies Acks { get; } = new();

    public GeneratorCounts Counts => new(Interlocked.Read(ref _posted), Interlocked.Read(ref _acknowledged), Interlocked.Read(ref _refused), Interlocked.Read(ref _failed), Interlocked.Read(ref _idleSlots));

    /// <summary>Offers the load for the duration; pauses when <paramref name="paused"/> says so (between fault phases).</summary>
    public async Task RunAsync(GeneratorOptions options, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(options.Duration);
        var slots = options.Rate is null ? null : Channel.CreateBounded<long>(new BoundedChannelOptions(options.Connections * 4) { FullMode = BoundedChannelFullMode.DropWrite });
        var workers = Enumerable.Range(0, options.Connections).Select(_ => Task.Run(() => WorkAsync(options, slots, stop.Token))).ToList();
        workers.Add(Task.Run(() => ReleaseImpatientAsync(options, stop.Token)));
        if (slots is not null)
        {
            workers.Add(Task.Run(() => ScheduleAsync(options.Rate!.Value, slots, stop.Token)));
        }

        await Task.WhenAll(workers);
    }

    /// <summary>After the load: posts what is still waiting for redelivery until all is acknowledged (or the time is up).</summary>
    public async Task FinishRedeliveriesAsync(TimeSpan limit)
    {
        using var connection = new WebhookConnection(_host);
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline && _redeliveries.Reader.TryRead(out var delivery))
        {
            if (!await PostAsync(connection, delivery, new GeneratorOptions(TimeSpan.Zero, null, 1), CancellationToken.None))
            {
                await Task.Delay(200);
            }
        }
    }

    private async Task ScheduleAsync(double rate, Channel<long> slots, CancellationToken stop)
    {
        var started = Stopwatch.GetTimestamp();
        long issued = 0;
        while (!stop.IsCancellationRequested)
        {
            var due = (long)(Stopwatch.GetElapsedTime(started).TotalSeconds * rate);
            for (; issued < due; issued++)
            {
                var at = started + (long)(issued / rate * Stopwatch.Frequency);
                if (!slots.Writer.TryWrite(at))
                {
                    Interlocked.Increment(ref _idleSlots);
                }
            }

            try
            {
                await Task.Delay(1, stop);
            }
            catch (OperationCanceledException)
            {
            }
        }

        slots.Writer.TryComplete();
    }

    private async Task WorkAsync(GeneratorOptions options, Channel<long>? slots, CancellationToken stop)
    {
        using var connection = new WebhookConnection(_host);
        using var second = options.Twice ? new WebhookConnection(_host) : null;
        while (!stop.IsCancellationRequested)
        {
            long scheduled;
            try
            {
                scheduled = slots is null ? Stopwatch.GetTimestamp() : await slots.Reader.ReadAsync(stop);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
            {
                return;
            }

            if (_redeliveries.Reader.TryRead(out var again))
            {
                await PostAsync(connection, again, options, stop);
                continue;
            }

            Shopper shopper;
            if (slots is null)
            {
                try
                {
                    shopper = await _ready.Reader.ReadAsync(stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            else if (!_ready.Reader.TryRead(out shopper!))
            {
                Interlocked.Increment(ref _idleSlots);
                continue;
            }

            var first = _webhooks.Next(shopper);
            var deliveries = options.Twice ? [_webhooks.Next(shopper), first] : new[] { first };
            lock (_waitingSince)
            {
                shopper.Awaiting = deliveries[0].Seed;
                _waitingSince[shopper] = Stopwatch.GetTimestamp();
            }

            foreach (var delivery in deliveries)
            {
                delivery.ScheduledAt = scheduled;
                _platform.Expect(delivery).SentAt = scheduled;
            }

            if (second is null)
            {
                await PostAsync(connection, deliveries[0], options, stop);
            }
            else
            {
                // Out of order as a platform delivers a burst: the newer message is posted first and
                // the older one right behind it on a second connection, not after the newer one's
                // acknowledgement (which on a loaded machine outlasts the host's reorder window, so
                // the scenario would test the machine's load, not the reordering); then both again.
                for (var copy = 0; copy < 2; copy++)
                {
                    var newer = PostAsync(connection, deliveries[0], options, stop);
                    var older = PostAsync(second, deliveries[1], options, stop);
                    await Task.WhenAll(newer, older);
                }
            }

            if (options.AnswerOnAck)
            {
                lock (_waitingSince)
                {
                    shopper.Awaiting = null;
                    _waitingSince.Remove(shopper);
                }

                _ready.Writer.TryWrite(shopper);
            }
        }
    }

    /// <summary>Posts once; true when acknowledged. A refusal or failure queues the event for redelivery.</summary>
    private async Task<bool> PostAsync(WebhookConnection connection, Delivery delivery, GeneratorOptions options, CancellationToken stop)
    {
        Interlocked.Increment(ref _posted);
        var started = Stopwatch.GetTimestamp();
        var status = await connection.PostAsync(delivery, CancellationToken.None);
        if (status == 200)
        {
            Interlocked.Increment(ref _acknowledged);
            Acks.Add(delivery.Attempts == 0 ? delivery.ScheduledAt : started, Stopwatch.GetTimestamp());
            _platform.Expect(delivery).Acknowledged = true;
            return true;
        }

        Interlocked.Increment(ref status == 0 ? ref _failed : ref _refused);
        var again = _webhooks.Again(delivery);
        again.Attempts = delivery.Attempts + 1;
        _ = Task.Delay(options.RedeliverAfter, CancellationToken.None).ContinueWith(_ => _redeliveries.Writer.TryWrite(again), TaskScheduler.Default);
        if (status == 0)
        {
            // The host is down or restarting: do not spin.
            try
            {
                await Task.Delay(options.RedeliverAfter, stop);
            }
            catch (OperationCanceledException)
            {
            }
        }

        return false;
    }

    private async Task ReleaseImpatientAsync(GeneratorOptions options, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            List<Shopper> released;
            lock (_waitingSince)
            {
                released = _waitingSince.Where(w => Stopwatch.GetElapsedTime(w.Value) > options.Patience).Select(w => w.Key).ToList();
                foreach (var shopper in released)
                {
                    shopper.Awaiting = null;
                    _waitingSince.Remove(shopper);
                }
            }

            foreach (var shopper in released)
            {
                _ready.Writer.TryWrite(shopper);
            }
        }
    }
}

public sealed record GeneratorCounts(long Posted, long Acknowledged, long Refused, long Failed, long IdleSlots);
