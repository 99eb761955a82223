namespace ChatCommerce.Infrastructure.Data;

/// <summary>
/// PostgreSQL: an inbox event still open, pending or dead-lettered, by the inbox row's id. Written
/// only by the inbox's triggers (migration <c>InboxOpenEvents</c>), never by the application, so
/// it holds exactly the inbox's open rows whichever statement changed them.
/// </summary>
public sealed class InboxOpenRecord
{
    public long Id { get; set; }

    public required string Conversation { get; set; }

    public long EventTimestampMs { get; set; }

    public long ReceivedAtMs { get; set; }

    public long NextAttemptAtMs { get; set; }

    /// <summary>Dead-lettered (waits for the owner), not pending.</summary>
    public bool Dead { get; set; }
}
