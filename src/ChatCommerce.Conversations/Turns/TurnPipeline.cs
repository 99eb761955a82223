using System.Diagnostics;
using ChatCommerce.Conversations.Contacts;
using ChatCommerce.Conversations.Inbox;
using ChatCommerce.Conversations.Outbox;
using ChatCommerce.Conversations.State;
using ChatCommerce.Conversations.Turns.Steps;
using ChatCommerce.Domain.Shop;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Conversations.Turns;

/// <summary>
/// One event, start to end. The whole pipeline, in order:
/// <list type="number">
/// <item><see cref="UnderstandStep"/>: intent, sentiment and entities of a typed message;</item>
/// <item><see cref="RecordStep"/>: the sender's contact and profile, the inbound interaction, unsend;</item>
/// <item><see cref="OwnershipStep"/>: standby, non-conversational, or staff-owned: record only;</item>
/// <item><see cref="DialogStep"/>: the dialog's replies and next state, as outbox message and interactions;</item>
/// <item>commit: all of it in one transaction keyed by the event, with the state's version check
/// (or, in a drain's <see cref="TurnChain"/>, together with the turns around it);</item>
/// <item>send: the commit's messages go to the outbox sender, which delivers them in order per
/// conversation while the drain goes on to the next event.</item>
/// </list>
/// A commit that loses the version race writes nothing; the turn runs again on fresh state.
/// </summary>
public sealed class TurnPipeline(
    UnderstandStep understand,
    RecordStep record,
    OwnershipStep ownership,
    DialogStep dialog,
    ITurnStore store,
    OutboxSender sender,
    PipelineMetrics metrics,
    Handoffs.IConversationFeed feed,
    Handoffs.HandoffService handoffs,
    IOptions<PipelineOptions> options,
    IOptions<ShopOptions> shop,
    TimeProvider time,
    ILogger<TurnPipeline> logger)
{
    private readonly (string Name, ITurnStep Step)[] _steps = [("understand", understand), ("record", record), ("ownership", ownership), ("dialog", dialog)];

    /// <summary>A chain for a drain's turns (see <see cref="TurnChain"/>), or null when each turn commits before the next runs.</summary>
    public TurnChain? Chain() => options.Value.ChainTurns > 1 ? new TurnChain(store, this, metrics, options.Value.ChainTurns) : null;

    /// <summary>
    /// Runs the event's turn and delivers its replies; returns the state it committed and the
    /// sender as it left them. With a <paramref name="chain"/>, a turn that wrote nothing of the
    /// shop's and hands nothing over joins the chain instead (committed and sent when the chain
    /// settles), and what it returns is the state it leaves for the next turn of the chain.
    /// </summary>
    public async Task<CommittedTurn> RunAsync(InboxItem item, StoredState stored, ContactInfo? contact, TurnChain? chain, CancellationToken cancellationToken)
    {
        var turn = new TurnContext(item, contact, time.GetUtcNow());
        for (var attempt = 1; ; attempt++)
        {
            turn.Begin(stored.Parsed ?? ConversationStateRepository.Read(stored.Data, shop.Value.DefaultLocale), stored.Version, isNew: stored.Data is null);
            TurnCommit commit;
            ConversationState next;
            bool handsOff;
            // A domain write commits with this turn, after the chain's turns (which it may build on).
            await using (var transaction = store.Begin(chain is null ? null : chain.SettleAsync))
            {
                foreach (var (name, step) in _steps)
                {
                    var started = Stopwatch.GetTimestamp();
                    await step.RunAsync(turn, cancellationToken);
                    metrics.Step(name, started);
                    if (turn.Stopped)
                    {
                        break;
                    }
                }

                var committing = Stopwatch.GetTimestamp();
                next = turn.NextState with { LastEventTimestamp = Math.Max(turn.NextState.LastEventTimestamp, item.Event.Timestamp.ToUnixTimeMilliseconds()) };
                turn.Effects.StateData = ConversationStateRepository.Write(next);
                turn.Effects.StateExpiresAt = turn.Now + ConversationStateRepository.TimeToLiveOf(next);
                handsOff = turn.State.Owner != next.Owner || item.Event.Kind == Domain.Messaging.InboundEventKind.Handover;
                if (chain is not null)
                {
                    // A chain that failed to commit at this turn's first write cannot be built on,
                    // even if the dialog went on after the error.
                    chain.ThrowIfBroken();
                    if (!transaction.HasWrites && !handsOff)
                    {
                        chain.Add(item, turn.Effects);
                        return new CommittedTurn(new StoredState(turn.Effects.StateData, turn.Effects.ExpectedVersion + 1, next), turn.Contact);
                    }

                    // A hand-off's words go after the replies before it.
                    await chain.SettleAsync(cancellationToken);
                }

                commit = await transaction.CommitAsync(turn.Effects, cancellationToken);
                metrics.Step("commit", committing);
            }

            if (commit is TurnCommit.Committed committed)
            {
                if (handsOff)
                {
                    // A hand-off may pass the thread to the staff's app: the bot's words go first.
                    await sender.DeliverAsync(committed.Outbox, cancellationToken);
                    Told(item);
                    await handoffs.AfterTurnAsync(item.Event, turn.State, next, cancellationToken);
                }
                else
                {
                    Finished(item, committed);
                }

                return new CommittedTurn(new StoredState(turn.Effects.StateData, committed.Version, next), turn.Contact);
            }

            if (attempt >= options.Value.MaxConflicts)
            {
                throw new InvalidOperationException($"State of {item.Event.Conversation} kept changing; turn abandoned after {attempt} attempts.");
            }

            logger.LogInformation("State of {Conversation} changed during the turn; running it again", item.Event.Conversation);
            stored = await store.LoadStateAsync(item.Event.Conversation, cancellationToken);
        }
    }

    /// <summary>
    /// A committed turn's replies go to the sender, in order per conversation, while the drain
    /// goes on; the staff console hears of the turn.
    /// </summary>
    internal void Finished(InboxItem item, TurnCommit.Committed committed)
    {
        sender.Hand(committed.Outbox);
        Told(item);
    }

    private void Told(InboxItem item)
    {
        feed.Changed(item.Event.Conversation);
        metrics.TurnCompleted(item.Event.Channel);
    }
}

/// <summary>What a committed turn leaves for the next event of its conversation: the state, and the sender as now stored.</summary>
public readonly record struct CommittedTurn(StoredState State, ContactInfo? Contact);
