using ChatCommerce.Conversations.Turns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>
/// Group commit for turns. A turn whose effects are ready while another group is being written
/// waits for the next one, so a busy host writes many turns per transaction: one gate pass, one
/// commit and one set of prepared statements for all of them, and pages that several turns touch
/// (the ends of the inbox, outbox and interaction tables) written once. Each turn keeps its own
/// outcome (see <see cref="SqlTurnStore.CommitGroupAsync"/>); an idle host commits a turn at once.
/// </summary>
public sealed class TurnCommitGroup
{
    private readonly IServiceScopeFactory _scopes;
    private readonly PipelineMetrics _metrics;
    private readonly IOptions<PipelineOptions> _options;
    private readonly GroupQueue<GroupedTurn, IReadOnlyList<TurnCommit>> _queue;

    public TurnCommitGroup(IServiceScopeFactory scopes, PipelineMetrics metrics, IntakeActivity intake, IOptions<PipelineOptions> options)
    {
        _scopes = scopes;
        _metrics = metrics;
        _options = options;
        // A chain counts as its turns: a group's transaction holds at most CommitGroup turns (or one longer chain).
        _queue = new GroupQueue<GroupedTurn, IReadOnlyList<TurnCommit>>(WriteAsync, () => options.Value.CommitGroup ?? 32, turn => turn.Chain.Count, intake.WhenQuietAsync);
    }

    /// <summary>False when each turn commits on its own (a group of one).</summary>
    public bool Enabled => (_options.Value.CommitGroup ?? 32) > 1;

    /// <summary>
    /// Queues a turn's effects, or a chain of one conversation's turns (each on the state the one
    /// before left), for the next group; completes when that group has committed (or failed),
    /// with one outcome a turn.
    /// </summary>
    public Task<IReadOnlyList<TurnCommit>> CommitAsync(IReadOnlyList<TurnEffects> chain)
    {
        var turn = new GroupedTurn(chain);
        _queue.Add(turn);
        return turn.Outcome;
    }

    private async Task WriteAsync(List<GroupedTurn> group)
    {
        var turns = 0;
        foreach (var chain in group)
        {
            turns += chain.Chain.Count;
        }

        _metrics.CommitGroup(turns);
        await using var scope = _scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SqlTurnStore>().CommitGroupAsync(group, CancellationToken.None);
    }
}

/// <summary>
/// One turn's effects waiting in a commit group, or a chain of one conversation's turns that stand
/// or fall together, and what became of them (one outcome a turn: all committed, or all conflicted).
/// </summary>
public sealed class GroupedTurn(IReadOnlyList<TurnEffects> chain) : GroupedWork<IReadOnlyList<TurnCommit>>
{
    public GroupedTurn(TurnEffects effects)
        : this([effects])
    {
    }

    /// <summary>The turns in the order they ran: each expects the version the one before it leaves.</summary>
    public IReadOnlyList<TurnEffects> Chain => chain;

    /// <summary>The same outcome for each turn of the chain (a conflict: nothing of it was written).</summary>
    public void CompleteAll(TurnCommit outcome) => Complete(Each(outcome, chain.Count));

    /// <summary>One outcome for each of <paramref name="turns"/> turns.</summary>
    public static TurnCommit[] Each(TurnCommit outcome, int turns)
    {
        var outcomes = new TurnCommit[turns];
        Array.Fill(outcomes, outcome);
        return outcomes;
    }
}

/// <summary>An item of a group (a commit, a read): its outcome once its group is done.</summary>
public abstract class GroupedWork<TResult>
{
    private readonly TaskCompletionSource<TResult> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<TResult> Outcome => _outcome.Task;

    public void Complete(TResult result) => _outcome.TrySetResult(result);

    public void Fail(Exception exception) => _outcome.TrySetException(exception);
}
