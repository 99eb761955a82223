using ChatCommerce.Conversations.Contacts;
using ChatCommerce.Conversations.Inbox;

namespace ChatCommerce.Conversations.Turns;

/// <summary>
/// Turns of one drain not yet committed: each ran on the state the one before it left, and they
/// commit together (<see cref="ITurnStore.CommitChainAsync"/>), all or none, when the drain stops,
/// when the chain is full, before a turn that commits on its own (a domain write, a hand-off) and
/// before an event's failure is counted. A drain with a backlog then waits for one commit for
/// many turns instead of one a turn; a drain of one event commits it at once, as before. Replies
/// are handed to the sender only after the commit, so nothing is sent for a turn that might not stand.
/// </summary>
public sealed class TurnChain(ITurnStore store, TurnPipeline pipeline, PipelineMetrics metrics, int most)
{
    private readonly List<(InboxItem Item, TurnEffects Effects)> _turns = [];
    private (int Index, Dictionary<string, ContactInfo>? Since) _next;
    private bool _broken;

    /// <summary>Where the drain stands before its next turn: a chain that starts with that turn starts here.</summary>
    public void Before(int index, Dictionary<string, ContactInfo>? since) => _next = (index, since);

    /// <summary>The drain's place at the chain's first turn, and the senders as they were then.</summary>
    public int StartIndex { get; private set; }

    public Dictionary<string, ContactInfo>? StartSince { get; private set; }

    public bool IsFull => _turns.Count >= most;

    internal void Add(InboxItem item, TurnEffects effects)
    {
        if (_turns.Count == 0)
        {
            StartIndex = _next.Index;
            StartSince = _next.Since is null ? null : new Dictionary<string, ContactInfo>(_next.Since, StringComparer.Ordinal);
        }

        _turns.Add((item, effects));
    }

    /// <summary>Throws when a commit of the chain did not stand: the turns after it ran on state that is not stored.</summary>
    internal void ThrowIfBroken()
    {
        if (_broken)
        {
            throw new TurnChainBrokenException(null);
        }
    }

    /// <summary>
    /// Commits the chain's turns and hands their replies to the sender, in order. Throws
    /// <see cref="TurnChainBrokenException"/> when they did not commit (a conflict, or an error):
    /// the drain then runs them again one by one from <see cref="StartIndex"/>.
    /// </summary>
    public async Task SettleAsync(CancellationToken cancellationToken)
    {
        ThrowIfBroken();
        if (_turns.Count == 0)
        {
            return;
        }

        var committing = System.Diagnostics.Stopwatch.GetTimestamp();
        IReadOnlyList<TurnCommit> outcomes;
        try
        {
            outcomes = await store.CommitChainAsync(_turns.ConvertAll(t => t.Effects), cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            _broken = true;
            throw new TurnChainBrokenException(ex);
        }

        if (outcomes.Count != _turns.Count || outcomes[0] is not TurnCommit.Committed)
        {
            _broken = true;
            throw new TurnChainBrokenException(null);
        }

        metrics.Step("commit", committing);
        metrics.ChainCommitted(_turns.Count);

        var turns = _turns.ToArray();
        _turns.Clear();
        for (var i = 0; i < turns.Length; i++)
        {
            pipeline.Finished(turns[i].Item, (TurnCommit.Committed)outcomes[i]);
        }
    }
}

/// <summary>A drain's chain of turns did not commit; its turns are run again one by one.</summary>
public sealed class TurnChainBrokenException(Exception? inner)
    : Exception("Turns committed together did not stand; they run again one by one.", inner);
