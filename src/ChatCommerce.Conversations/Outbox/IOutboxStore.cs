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

    /// <summary>Records the final outcome of a message.</summary>
    Task CompleteAsync(long id, OutboxStatus status, int progress, string? note, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Records a failed attempt and when to try again.</summary>
    Task RescheduleAsync(OutboxMessage message, DateTimeOffset nextAttemptAt, DateTimeOffset leaseUntil, string? note, CancellationToken cancellationToken);

    /// <summary>Keeps this instance's lease on messages it is still working on.</summary>
    Task RenewLeasesAsync(IReadOnlyCollection<long> ids, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Pending messages whose lease ran out and whose next attempt is due, oldest first, now leased to the caller.</summary>
    Task<IReadOnlyList<OutboxMessage>> ClaimAbandonedAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken);

    Task<int> PendingCountAsync(CancellationToken cancellationToken);
}
