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
public sealed class TurnCommitGroup(IServiceScopeFactory scopes, PipelineMetrics metrics, IOptions<PipelineOptions> options)
{
    private readonly Lock _lock = new();
    private readonly List<GroupedTurn> _queue = [];
    private bool _writing;

    /// <summary>False when each turn commits on its own (a group of one).</summary>
    public bool Enabled => options.Value.CommitGroup > 1;

    /// <summary>Queues the effects for the next group; completes when that group has committed (or failed).</summary>
    public Task<TurnCommit> CommitAsync(TurnEffects effects)
    {
        var turn = new GroupedTurn(effects);
        lock (_lock)
        {
            _queue.Add(turn);
            if (_writing)
            {
                return turn.Outcome;
            }

            _writing = true;
        }

        _ = Task.Run(WriteAsync);
        return turn.Outcome;
    }

    /// <summary>Writes groups until nothing is queued.</summary>
    private async Task WriteAsync()
    {
        var most = Math.Max(1, options.Value.CommitGroup);
        while (true)
        {
            List<GroupedTurn> group;
            lock (_lock)
            {
                if (_queue.Count == 0)
                {
                    _writing = false;
                    return;
                }

                var take = Math.Min(most, _queue.Count);
                group = _queue.GetRange(0, take);
                _queue.RemoveRange(0, take);
            }

            metrics.CommitGroup(group.Count);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<SqlTurnStore>().CommitGroupAsync(group, CancellationToken.None);
            }
            catch (Exception ex)
            {
                foreach (var turn in group)
                {
                    turn.Fail(ex);
                }
            }
        }
    }
}

/// <summary>One turn's effects waiting in a commit group, and what became of them.</summary>
public sealed class GroupedTurn(TurnEffects effects)
{
    private readonly TaskCompletionSource<TurnCommit> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TurnEffects Effects => effects;

    public Task<TurnCommit> Outcome => _outcome.Task;

    public void Complete(TurnCommit commit) => _outcome.TrySetResult(commit);

    public void Fail(Exception exception) => _outcome.TrySetException(exception);
}
