using System.Threading.Channels;
using Channel = System.Threading.Channels.Channel;
using ChatCommerce.Conversations.Inbox;
using ChatCommerce.Domain.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Conversations.Turns;

/// <summary>
/// What a webhook endpoint calls once the signature is good: store the events durably, then
/// schedule their conversations. Deliveries that arrive while a write is in flight share the next
/// write (group commit), so a busy host makes one database round trip for many webhooks. A few
/// writes may be in flight at once (<see cref="PipelineOptions.IntakeWriters"/>): while one waits
/// for the database's commit, the next collects the deliveries that arrived meanwhile. (Two writes
/// holding the same redelivered events in opposite orders could deadlock; the database then refuses
/// one, its deliveries are answered with an error and the platform delivers them again.) When
/// <see cref="AcceptAsync"/> returns the events are stored and the platform may get its 200;
/// when it throws nothing was stored and the platform must be told to deliver again.
/// </summary>
public sealed class InboundIntake(
    IServiceScopeFactory scopes,
    IConversationDispatcher dispatcher,
    IntakeActivity activity,
    PipelineMetrics metrics,
    IOptions<PipelineOptions> options,
    TimeProvider time,
    ILogger<InboundIntake> logger) : BackgroundService
{
    private readonly Channel<Delivery> _deliveries = Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleReader = false });

    /// <summary>Stores the events (duplicates dropped); returns how many were new.</summary>
    public async Task<int> AcceptAsync(IReadOnlyList<InboundEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return 0;
        }

        var delivery = new Delivery(events);
        if (!_deliveries.Writer.TryWrite(delivery))
        {
            throw new InvalidOperationException("The intake is shutting down.");
        }

        return await delivery.Stored.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var writers = Math.Max(1, options.Value.IntakeWriters ?? 1);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(() => WriteAsync(stoppingToken), CancellationToken.None)));
        }
        finally
        {
            _deliveries.Writer.TryComplete();
            while (_deliveries.Reader.TryRead(out var left))
            {
                left.Stored.TrySetException(new OperationCanceledException("The intake stopped."));
            }
        }
    }

    /// <summary>One writer: takes what has queued (up to a batch), stores it, and again.</summary>
    private async Task WriteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Delivery>();
        try
        {
            while (await _deliveries.Reader.WaitToReadAsync(stoppingToken))
            {
                var events = 0;
                while (events < options.Value.IntakeBatch && _deliveries.Reader.TryRead(out var delivery))
                {
                    batch.Add(delivery);
                    events += delivery.Events.Count;
                }

                if (batch.Count > 0)
                {
                    await StoreAsync(batch, stoppingToken);
                    batch.Clear();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var left in batch)
            {
                left.Stored.TrySetException(new OperationCanceledException("The intake stopped."));
            }
        }
    }

    private async Task StoreAsync(List<Delivery> batch, CancellationToken stoppingToken)
    {
        IReadOnlyList<InboxItem> added = [];
        Exception? failure = null;
        var storing = System.Diagnostics.Stopwatch.GetTimestamp();
        activity.Begin();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            added = await scope.ServiceProvider.GetRequiredService<IInbox>().AddAsync([.. batch.SelectMany(d => d.Events)], time.GetUtcNow(), stoppingToken);
            metrics.Step("intake", storing);
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        // Before any delivery hears how its write went: whoever it wakes finds the intake quiet.
        activity.End();

        if (failure is not null)
        {
            logger.LogError(failure, "Storing {Count} webhook deliveries failed; they are refused so the platform delivers them again", batch.Count);
            foreach (var delivery in batch)
            {
                delivery.Stored.TrySetException(failure);
            }

            return;
        }

        metrics.Accepted(added.Count);
        var fresh = added.Select(i => (i.Event.Channel, i.Event.EventId)).ToHashSet();
        foreach (var delivery in batch)
        {
            delivery.Stored.TrySetResult(delivery.Events.Count(e => fresh.Remove((e.Channel, e.EventId))));
        }

        // Duplicates too: a redelivery may be of an event whose first write the database committed
        // but never confirmed (the platform was refused, the row waits). Its conversation is
        // drained now rather than when the sweep finds it; a drain with nothing to do is cheap,
        // and the dispatcher runs a conversation once however often it is scheduled.
        foreach (var conversation in batch.SelectMany(d => d.Events).Where(e => e.Kind != InboundEventKind.Echo).Select(e => e.Conversation).Distinct())
        {
            dispatcher.Schedule(conversation, options.Value.ReorderWindow);
        }
    }

    private sealed class Delivery(IReadOnlyList<InboundEvent> events)
    {
        public IReadOnlyList<InboundEvent> Events => events;

        public TaskCompletionSource<int> Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
