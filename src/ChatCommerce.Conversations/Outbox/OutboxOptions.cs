namespace ChatCommerce.Conversations.Outbox;

/// <summary>Configuration section <c>ChatCommerce:Outbox</c>: how long messages are worth sending and how they are retried.</summary>
public sealed class OutboxOptions
{
    public const string Section = "ChatCommerce:Outbox";

    /// <summary>An answer not delivered by then is stale: the shopper has moved on.</summary>
    public TimeSpan ReplyExpiry { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A notice the shop sends on its own (shipping) is still worth delivering this long.</summary>
    public TimeSpan NoticeExpiry { get; set; } = TimeSpan.FromDays(3);

    /// <summary>A staff member's reply is worth delivering this long (Messenger's human-agent window).</summary>
    public TimeSpan StaffReplyExpiry { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long an instance holds a message it works on before another may take it over.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Waits between attempts double from this up to <see cref="MaxRetryDelay"/> (or what the platform asks).</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Before sending again a Messenger message that may have arrived (an attempt without an answer,
    /// or a message taken over from a dead instance), wait this long for Meta's echo, which proves
    /// what arrived: Messenger has no idempotency key, the echo is how a repeat is avoided.
    /// </summary>
    public TimeSpan EchoGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often messages abandoned by a dead instance are looked for.</summary>
    public TimeSpan RecoveryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// At start, take every pending message whatever its lease: set where only one instance can
    /// run (the embedded SQLite mode), so a restart resumes at once instead of after the lease.
    /// </summary>
    public bool ClaimAllAtStart { get; set; }
}
