using ChatCommerce.Conversations.Turns;
using ChatCommerce.Domain.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>
/// Group reads for drains (PostgreSQL). Each drain, once it holds its conversation's lock, needs
/// the conversation's state, pending events and contact; drains that start while another group
/// is being read share the next query, so a busy host asks the server once for many of them
/// (see <see cref="SqlTurnStore.LoadGroupAsync"/>). An idle host reads a drain's at once.
/// </summary>
public sealed class TurnLoadGroup
{
    private readonly IServiceScopeFactory _scopes;
    private readonly IOptions<PipelineOptions> _options;
    private readonly GroupQueue<GroupedLoad, ConversationSnapshot> _queue;

    public TurnLoadGroup(IServiceScopeFactory scopes, IntakeActivity intake, IOptions<PipelineOptions> options)
    {
        _scopes = scopes;
        _options = options;
        _queue = new GroupQueue<GroupedLoad, ConversationSnapshot>(ReadAsync, () => options.Value.LoadGroup, before: intake.WhenQuietAsync);
    }

    /// <summary>False when each drain reads on its own.</summary>
    public bool Enabled => _options.Value.LoadGroup > 1;

    public async Task<ConversationSnapshot> LoadAsync(ConversationKey conversation, int maxEvents, CancellationToken cancellationToken)
    {
        var load = new GroupedLoad(conversation, maxEvents);
        _queue.Add(load);
        return await load.Outcome.WaitAsync(cancellationToken);
    }

    private async Task ReadAsync(List<GroupedLoad> group)
    {
        await using var scope = _scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SqlTurnStore>().LoadGroupAsync(group, CancellationToken.None);
    }
}

/// <summary>One drain's read waiting in a load group, and what it found.</summary>
public sealed class GroupedLoad(ConversationKey conversation, int maxEvents) : GroupedWork<ConversationSnapshot>
{
    public ConversationKey Conversation => conversation;

    public int MaxEvents => maxEvents;
}
