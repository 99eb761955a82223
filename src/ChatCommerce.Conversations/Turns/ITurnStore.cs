using ChatCommerce.Conversations.Contacts;
using ChatCommerce.Conversations.Inbox;
using ChatCommerce.Conversations.Outbox;
using ChatCommerce.Domain.Messaging;

namespace ChatCommerce.Conversations.Turns;

/// <summary>
/// Where a turn reads what it needs and writes everything it does, in one transaction keyed by
/// the inbound event: state (with a version check), the inbox completion, interactions, the
/// contact, outgoing messages, and any domain write the dialog made (an order, a hand-off).
/// </summary>
public interface ITurnStore
{
    /// <summary>The conversation's state, its pending events in timestamp order, and the contacts they come from.</summary>
    Task<ConversationSnapshot> LoadAsync(ConversationKey conversation, int maxEvents, CancellationToken cancellationToken);

    /// <summary>The stored state alone, for a turn that lost a version race and runs again.</summary>
    Task<StoredState> LoadStateAsync(ConversationKey conversation, CancellationToken cancellationToken);

    /// <summary>
    /// Opens the turn: domain writes made through the scope's stores from now on join its
    /// transaction and commit or roll back with it.
    /// </summary>
    /// <param name="beforeFirstWrite">
    /// Awaited once before the turn's first domain write opens its transaction (a drain's turns
    /// not yet committed go first: see <see cref="TurnChain"/>).
    /// </param>
    ITurnTransaction Begin(Func<CancellationToken, Task>? beforeFirstWrite = null);

    /// <summary>
    /// Commits turns of one conversation that made no domain write, each computed from the state
    /// the one before it left, in one go: all of them or none. One outcome a turn, in order: all
    /// <see cref="TurnCommit.Committed"/>, or all <see cref="TurnCommit.Conflict"/> when the state
    /// moved on before the first or one of the events was handled already (nothing written).
    /// </summary>
    Task<IReadOnlyList<TurnCommit>> CommitChainAsync(IReadOnlyList<TurnEffects> turns, CancellationToken cancellationToken);

    /// <summary>Counts a failed attempt at an event. Past <paramref name="maxAttempts"/> it is dead-lettered (true).</summary>
    Task<bool> RecordFailureAsync(long inboxId, string error, int maxAttempts, DateTimeOffset retryAt, CancellationToken cancellationToken);
}

/// <summary>One turn's transaction. Disposing it without a commit rolls back what the dialog wrote.</summary>
public interface ITurnTransaction : IAsyncDisposable
{
    /// <summary>True once a domain write of the turn opened its transaction: the turn then commits on its own.</summary>
    bool HasWrites { get; }

    /// <summary>Writes the effects and commits; <see cref="TurnCommit.Conflict"/> when the state changed since it was read (nothing written).</summary>
    Task<TurnCommit> CommitAsync(TurnEffects effects, CancellationToken cancellationToken);
}

/// <summary>State as stored: its JSON (null when there is none or it expired) and its version (0 when there is no row).</summary>
/// <param name="Parsed">
/// The same state as an object, when the one who stored it still has it (a turn's commit, for the
/// next event of its drain): read again from <paramref name="Data"/> otherwise. States are immutable.
/// </param>
public sealed record StoredState(string? Data, long Version, State.ConversationState? Parsed = null);

public sealed record ConversationSnapshot(StoredState State, IReadOnlyList<InboxItem> Pending, IReadOnlyDictionary<string, ContactInfo> Contacts);

public abstract record TurnCommit
{
    public sealed record Committed(long Version, IReadOnlyList<OutboxMessage> Outbox) : TurnCommit;

    public sealed record Conflict : TurnCommit;
}
