using ChatCommerce.Conversations.Contacts;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Conversations.Turns;

/// <summary>
/// Handles the pending events of one conversation, one turn at a time, in timestamp order, under
/// the conversation lock. A failing event is tried again after a growing wait while the events
/// after it wait too (order is kept); after the last attempt it is dead-lettered and they go on.
/// </summary>
public sealed class ConversationDrain(
    ITurnStore store,
    IDistributedLockProvider locks,
    LeaseKeeper leases,
    TurnPipeline pipeline,
    PipelineMetrics metrics,
    IOptions<PipelineOptions> options,
    TimeProvider time,
    ILogger<ConversationDrain> logger)
{
    public async Task<DrainResult> DrainAsync(ConversationKey conversation, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var lease = await leases.TryAcquireAsync(locks, conversation, settings.LockTimeToLive, cancellationToken);
        if (lease is null)
        {
            return DrainResult.Busy;
        }

        var loading = System.Diagnostics.Stopwatch.GetTimestamp();
        var snapshot = await store.LoadAsync(conversation, settings.EventsPerDrain, cancellationToken);
        metrics.Step("load", loading);
        var pending = snapshot.Pending;
        var state = snapshot.State;
        // The senders as the turns so far left them: the second event of a first contact must not
        // fetch the profile again, nor make another customer (the snapshot is from before the drain).
        Dictionary<string, ContactInfo>? since = null;
        var chain = pipeline.Chain();
        var i = 0;
        while (true)
        {
            DrainResult? stop = null;
            if (i >= pending.Count)
            {
                stop = pending.Count >= settings.EventsPerDrain ? DrainResult.More : DrainResult.Done;
            }
            else if (lease.IsLost)
            {
                stop = DrainResult.Busy;
            }
            else if (pending[i].NextAttemptAt > time.GetUtcNow())
            {
                // A failed event waits for its next attempt, and the ones after it with it.
                stop = DrainResult.RetryAt(pending[i].NextAttemptAt);
            }

            if (stop is not null || chain is { IsFull: true })
            {
                // What the drain ran so far commits before it stops (or before a new chain starts).
                if (!await SettledAsync())
                {
                    continue;
                }

                if (stop is not null)
                {
                    return stop.Value with { Events = pending.Count };
                }
            }

            var item = pending[i];
            var now = time.GetUtcNow();
            try
            {
                chain?.Before(i, since);
                var id = item.Event.SenderId;
                var sender = id is null ? null : since?.GetValueOrDefault(id) ?? snapshot.Contacts.GetValueOrDefault(id);
                var done = await pipeline.RunAsync(item, state, sender, chain, cancellationToken);
                state = done.State;
                if (id is not null && done.Contact is { } contact)
                {
                    (since ??= new Dictionary<string, ContactInfo>(StringComparer.Ordinal))[id] = contact;
                }

                i++;
            }
            catch (TurnChainBrokenException ex) when (!cancellationToken.IsCancellationRequested)
            {
                await RunAgainOneByOneAsync(ex);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // The turns before the failing one stand: they commit first.
                if (!await SettledAsync())
                {
                    continue;
                }

                var attempt = item.Attempts + 1;
                var retryAt = now + Backoff(attempt, settings);
                var dead = await store.RecordFailureAsync(item.Id, Describe(ex), settings.MaxAttempts, retryAt, cancellationToken);
                if (dead)
                {
                    metrics.DeadLettered(item.Event.Channel);
                    logger.LogError(ex, "Event {EventId} of {Conversation} dead-lettered after {Attempts} attempts", item.Event.EventId, conversation, attempt);
                    state = await store.LoadStateAsync(conversation, cancellationToken);
                    i++;
                    continue;
                }

                logger.LogWarning(ex, "Event {EventId} of {Conversation} failed (attempt {Attempt} of {Max}); trying again at {RetryAt}", item.Event.EventId, conversation, attempt, settings.MaxAttempts, retryAt);
                return DrainResult.RetryAt(retryAt) with { Events = pending.Count };
            }
        }

        // Commits the chain; false when it did not stand and the drain went back to its first turn.
        async Task<bool> SettledAsync()
        {
            if (chain is null)
            {
                return true;
            }

            try
            {
                await chain.SettleAsync(cancellationToken);
                return true;
            }
            catch (TurnChainBrokenException ex) when (!cancellationToken.IsCancellationRequested)
            {
                await RunAgainOneByOneAsync(ex);
                return false;
            }
        }

        // Nothing of the chain was written: its events are still pending. The drain runs them
        // again from the chain's first, on the stored state, each turn committing on its own
        // (a turn that keeps conflicting or failing is then counted alone, as without chains).
        async Task RunAgainOneByOneAsync(TurnChainBrokenException broken)
        {
            logger.LogInformation(broken.InnerException, "Turns of {Conversation} committed together did not stand; running them again one by one", conversation);
            i = chain!.StartIndex;
            since = chain.StartSince;
            chain = null;
            state = await store.LoadStateAsync(conversation, cancellationToken);
        }
    }

    private static TimeSpan Backoff(int attempt, PipelineOptions settings) =>
        TimeSpan.FromTicks(Math.Min(settings.MaxRetryDelay.Ticks, settings.FirstRetryDelay.Ticks << Math.Min(attempt - 1, 20)));

    private static string Describe(Exception ex) => $"{ex.GetType().Name}: {ex.Message}";
}

/// <summary>What a drain asks of the dispatcher next.</summary>
public readonly record struct DrainResult(DrainOutcome Outcome, DateTimeOffset? At = null)
{
    /// <summary>Pending events the drain found (0 when it read none).</summary>
    public int Events { get; init; }

    public static DrainResult Done => new(DrainOutcome.Done);

    /// <summary>Another instance holds the conversation: look again shortly.</summary>
    public static DrainResult Busy => new(DrainOutcome.Busy);

    /// <summary>More events wait than one drain takes.</summary>
    public static DrainResult More => new(DrainOutcome.More);

    public static DrainResult RetryAt(DateTimeOffset at) => new(DrainOutcome.RetryAt, at);
}

public enum DrainOutcome
{
    Done,
    Busy,
    More,
    RetryAt,
}
