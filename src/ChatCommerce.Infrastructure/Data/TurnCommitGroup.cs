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
    private readonly GroupQueue<GroupedTurn, TurnCommit> _queue;

    public TurnCommitGroup(IServiceScopeFactory scopes, PipelineMetrics metrics, IOptions<PipelineOptions> options)
    {
        _scopes = scopes;
        _metrics = metrics;
        _options = options;
        _queue = new GroupQueue<GroupedTurn, TurnCommit>(WriteAsync, () => options.Value.CommitGroup);
    }

    /// <summary>False when each turn commits on its own (a group of one).</summary>
    public bool Enabled => _options.Value.CommitGroup > 1;

    /// <summary>Queues the effects for the next group; completes when that group has committed (or failed).</summary>
    public Task<TurnCommit> CommitAsync(TurnEffects effects)
    {
        var turn = new GroupedTurn(effects);
        _queue.Add(turn);
        return turn.Outcome;
    }

    private async Task WriteAsync(List<GroupedTurn> group)
    {
        _metrics.CommitGroup(group.Count);
        await using var scope = _scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SqlTurnStore>().CommitGroupAsync(group, CancellationToken.None);
    }
}

/// <summary>One turn's effects waiting in a commit group, and what became of them.</summary>
public sealed class GroupedTurn(TurnEffects effects) : GroupedWork<TurnCommit>
{
    public TurnEffects Effects => effects;
}

/// <summary>An item of a group (a commit, a read): its outcome once its group is done.</summary>
public abstract class GroupedWork<TResult>
{
    private readonly TaskCompletionSource<TResult> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<TResult> Outcome => _outcome.Task;

    public void Complete(TResult result) => _outcome.TrySetResult(result);

    public void Fail(Exception exception) => _outcome.TrySetException(exception);
}
