namespace ChatCommerce.Conversations.Outbox;

/// <summary>
/// The transactional outbox. Messages are added in the same transaction as what caused them (a
/// turn, an order change) and leased to the instance that added them for their first attempt;
/// a message whose lease ran out (its instance died) is claimed by another.
/// </summary>
public interface IOutboxStore
{
    /// <summary>
    /// Stores messages outside a turn: inside the caller's open write transaction when there is
    /// one (they commit with it), otherwise at once.
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> AddAsync(IReadOnlyList<OutboxEntry> entries, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>
    /// Stores messages the bot started while staff own the conversation (inside the caller's
    /// transaction when there is one): nothing is sent until <see cref="ReleaseHeldAsync"/>.
    /// </summary>
    Task AddHeldAsync(IReadOnlyList<OutboxEntry> entries, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Conversations that have held messages, oldest held first.</summary>
    Task<IReadOnlyList<Domain.Messaging.ConversationKey>> WithHeldAsync(int take, CancellationToken cancellationToken);

    /// <summary>The conversation's held messages become pending now, leased to the caller, oldest first.</summary>
    Task<IReadOnlyList<OutboxMessage>> ReleaseHeldAsync(Domain.Messaging.ConversationKey conversation, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>
    /// Records the final outcomes of messages, in one transaction: a delivered message leaves the
    /// outbox (what was said is in the conversation's touchpoints); one given up on keeps its row
    /// with its status and reason until retention.
    /// </summary>
    Task CompleteAsync(IReadOnlyList<OutboxCompletion> completions, CancellationToken cancellationToken);

    /// <summary>Records a failed attempt and when to try again.</summary>
    Task RescheduleAsync(OutboxMessage message, DateTimeOffset nextAttemptAt, DateTimeOffset leaseUntil, string? note, CancellationToken cancellationToken);

    /// <summary>Keeps this instance's lease on messages it is still working on.</summary>
    Task RenewLeasesAsync(IReadOnlyCollection<long> ids, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>
    /// Pending messages due for an attempt that nobody works on, oldest first, now leased to the
    /// caller: their lease ran out (their instance died), or the caller leased them before
    /// <paramref name="orphanedBefore"/> and lost track of them (the drain that stored them failed).
    /// The caller leaves out those it still holds.
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> ClaimAbandonedAsync(DateTimeOffset now, DateTimeOffset orphanedBefore, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken);

    Task<int> PendingCountAsync(CancellationToken cancellationToken);

    /// <summary>A message's stored status and progress (an echo may have moved it on); null when it is gone (delivered, or erased).</summary>
    Task<(OutboxStatus Status, int Progress)?> ReadAsync(long id, CancellationToken cancellationToken);
}

/// <summary>How a message ended: delivered, or given up (stale, refused, not allowed).</summary>
/// <param name="Seed">The message's idempotency seed, remembered once the outcome is stored (see <see cref="FinishedMessages"/>).</param>
public sealed record OutboxCompletion(long Id, OutboxStatus Status, int Progress, string? Note, DateTimeOffset At, string? Seed = null);
