namespace ChatCommerce.Domain.Payments;

/// <summary>
/// Payment attempts and their history. Writes join the open transaction (a turn, or a use case
/// that holds the order's row lock), so an attempt changes exactly when its order does.
/// </summary>
public interface IPaymentStore
{
    /// <summary>Stores a new attempt with its first history entry.</summary>
    Task<PaymentAttempt> AddAsync(PaymentAttempt attempt, string actor, CancellationToken cancellationToken);

    /// <summary>Moves an attempt on and records who did it; the attempt object is updated too.</summary>
    Task ChangeAsync(PaymentAttempt attempt, PaymentStatus status, string actor, string? note, CancellationToken cancellationToken);

    /// <summary>Saves evidence and amounts set on an attempt (no status change).</summary>
    Task SaveAsync(PaymentAttempt attempt, CancellationToken cancellationToken);

    Task<PaymentAttempt?> GetAsync(long id, CancellationToken cancellationToken);

    /// <summary>An order's attempts, oldest first, each with its history.</summary>
    Task<IReadOnlyList<PaymentAttempt>> ForOrderAsync(long orderId, CancellationToken cancellationToken);

    Task<PaymentAttempt?> FindByTokenAsync(string publicToken, CancellationToken cancellationToken);

    /// <summary>Attempts that carried this very slip picture.</summary>
    Task<IReadOnlyList<PaymentAttempt>> WithSlipAsync(string sha256, CancellationToken cancellationToken);

    /// <summary>Attempts with this provider reference (a Stripe session, a slip's transaction reference).</summary>
    Task<IReadOnlyList<PaymentAttempt>> WithReferenceAsync(string reference, CancellationToken cancellationToken);

    /// <summary>Attempts in a status, oldest first (the staff's queue of slips to check).</summary>
    Task<IReadOnlyList<PaymentAttempt>> ListAsync(PaymentStatus? status, int skip, int take, CancellationToken cancellationToken);

    /// <summary>Keeps a slip picture (once per SHA-256) inside the caller's transaction.</summary>
    Task StoreSlipAsync(string sha256, MediaContent slip, CancellationToken cancellationToken);

    /// <summary>A stored slip picture; null when there is none by that hash.</summary>
    Task<MediaContent?> SlipAsync(string sha256, CancellationToken cancellationToken);

    /// <summary>
    /// Records that a provider's event is being acted on, inside the caller's transaction; false
    /// when it was recorded before (a redelivery: act on nothing).
    /// </summary>
    Task<bool> FirstTimeAsync(string provider, string eventId, string type, CancellationToken cancellationToken);
}
