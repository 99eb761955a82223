namespace ChatCommerce.Domain.Broadcasts;

/// <summary>
/// A message the owner sends to many customers at once: to a segment or to every customer who
/// agreed to offers. Its recipients are chosen once, when it is created (one per customer, on the
/// channel that reaches them best), so a customer is never messaged twice by one broadcast, even
/// if sending stops half-way and starts again.
/// </summary>
public sealed class Broadcast
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>What the customers read, as the owner wrote it.</summary>
    public string Text { get; set; } = "";

    /// <summary>A promotion the message is about: its name (and code, for a voucher) goes under the text.</summary>
    public string? PromotionId { get; set; }

    /// <summary>Only customers of this segment; null for every consenting customer.</summary>
    public string? Segment { get; set; }

    public string Status { get; set; } = BroadcastStatuses.Sending;

    public long CreatedAtMs { get; set; }

    public long? FinishedAtMs { get; set; }
}

public static class BroadcastStatuses
{
    public const string Sending = "sending";
    public const string Done = "done";
}

/// <summary>One customer of a broadcast, on one of their chats.</summary>
public sealed class BroadcastRecipient
{
    public long Id { get; set; }

    public string BroadcastId { get; set; } = "";

    public string CustomerId { get; set; } = "";

    /// <summary>"line" or "messenger".</summary>
    public string Channel { get; set; } = "";

    public string UserId { get; set; } = "";

    public string Locale { get; set; } = "th";

    /// <summary>LINE: the multicast call that carries this customer.</summary>
    public int? Batch { get; set; }

    public string State { get; set; } = RecipientStates.Pending;

    /// <summary>Why a recipient was skipped (see <see cref="BroadcastSkips"/>).</summary>
    public string? Reason { get; set; }

    public long? DoneAtMs { get; set; }
}

public static class RecipientStates
{
    public const string Pending = "pending";
    public const string Sent = "sent";
    public const string Skipped = "skipped";
}

public static class BroadcastSkips
{
    /// <summary>Messenger allows a message the shop starts only within 24 hours of the customer's last one.</summary>
    public const string OutsideWindow = "outside_window";

    /// <summary>Staff own the conversation: the shop says nothing on its own until they hand back.</summary>
    public const string StaffOwn = "staff_own";

    /// <summary>The customer withdrew their consent after the broadcast was created.</summary>
    public const string NoConsent = "no_consent";

    /// <summary>The platform refused the message for good (a 4xx other than the rate limit).</summary>
    public const string Refused = "refused";

    /// <summary>
    /// A LINE call that may have gone out over 24 hours ago: its retry key no longer protects a
    /// resend, so it is not sent again (a message twice is worse than one possibly missing).
    /// </summary>
    public const string Unconfirmed = "unconfirmed";

    /// <summary>The customer was erased before their turn came.</summary>
    public const string Erased = "erased";
}

/// <summary>One LINE multicast call: up to 500 users, with the retry key that makes a resend harmless.</summary>
public sealed class BroadcastBatch
{
    public string BroadcastId { get; set; } = "";

    public int Number { get; set; }

    public Guid RetryKey { get; set; }

    public string State { get; set; } = RecipientStates.Pending;

    /// <summary>When it was first tried: after 24 hours LINE forgets the retry key.</summary>
    public long? FirstTriedAtMs { get; set; }

    public long? SentAtMs { get; set; }
}

/// <summary>How far a broadcast got.</summary>
public sealed record BroadcastProgress(
    string Id,
    string Name,
    string Status,
    string? Segment,
    string? PromotionId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    int Recipients,
    int Sent,
    int Pending,
    IReadOnlyDictionary<string, int> Skipped,
    IReadOnlyDictionary<string, int> ByChannel);

/// <summary>Broadcasts and their recipients.</summary>
public interface IBroadcastStore
{
    /// <summary>
    /// Stores the broadcast with its recipients, chosen now: customers with marketing consent (of
    /// the segment, when given), each once, on LINE when they follow the shop there (multicast, no
    /// window), else on the Messenger chat they wrote in last. LINE recipients are put into
    /// multicast batches of up to <paramref name="batchSize"/> with their retry keys.
    /// </summary>
    Task<BroadcastProgress> CreateAsync(Broadcast broadcast, int batchSize, CancellationToken cancellationToken);

    Task<BroadcastProgress?> ProgressAsync(string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<BroadcastProgress>> ListAsync(int max, CancellationToken cancellationToken);

    Task<Broadcast?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Broadcasts still sending (for the job that resumes them after a restart).</summary>
    Task<IReadOnlyList<string>> UnfinishedAsync(CancellationToken cancellationToken);

    /// <summary>The next LINE batch not yet sent, with its pending recipients; null when none is left.</summary>
    Task<(BroadcastBatch Batch, IReadOnlyList<BroadcastRecipient> Recipients)?> NextBatchAsync(string id, CancellationToken cancellationToken);

    /// <summary>Notes the first attempt of a batch (once).</summary>
    Task TryingAsync(BroadcastBatch batch, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>A batch's outcome: its still pending recipients become <paramref name="state"/> (with the reason), the batch is done.</summary>
    Task FinishBatchAsync(BroadcastBatch batch, string state, string? reason, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Pending Messenger recipients, a page at a time.</summary>
    Task<IReadOnlyList<BroadcastRecipient>> PendingMessengerAsync(string id, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Marks one pending recipient (inside the caller's transaction): false when it is no longer
    /// pending, so two senders never both message it.
    /// </summary>
    Task<bool> MarkAsync(long recipientId, string state, string? reason, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Which of these customers still agree to offers (consent can be withdrawn while a broadcast is under way).</summary>
    Task<IReadOnlySet<string>> ConsentingAsync(IReadOnlyCollection<string> customerIds, CancellationToken cancellationToken);

    /// <summary>Done once nothing is pending.</summary>
    Task<bool> FinishIfDoneAsync(string id, DateTimeOffset at, CancellationToken cancellationToken);
}
