namespace ChatCommerce.Infrastructure.Data;

/// <summary>
/// The pipeline's look-ups by status, in one place. The outbox, and the inbox on SQLite, index
/// only the rows of the status they are looked for by (see <see cref="ChatCommerceDbContext"/> and
/// the provider contexts), and both databases use such an index only when the query's condition
/// names the same status: so each query here says its status as a literal, never as a parameter.
/// On PostgreSQL the inbox's open events are the rows of <c>inbox_open</c>, whose indexes hold the
/// pending or the dead-lettered ones. A test reads each one's plan on both.
/// </summary>
internal static class StatusQueries
{
    /// <summary>A conversation's events still to handle, oldest first (<c>@c</c> conversation, <c>@n</c> how many).</summary>
    public static string PendingOfConversation(bool sqlite) => sqlite ? SqlitePendingOfConversation : PostgresPendingOfConversation;

    private const string SqlitePendingOfConversation =
        "SELECT \"Id\",\"Payload\",\"ReceivedAtMs\",\"Attempts\",\"NextAttemptAtMs\" FROM inbox WHERE \"Conversation\"=@c AND \"Status\"='Pending' ORDER BY \"EventTimestampMs\",\"Id\" LIMIT @n";

    /// <summary>PostgreSQL finds open events through <c>inbox_open</c> (see <c>PostgresChatCommerceDbContext</c>).</summary>
    private const string PostgresPendingOfConversation =
        "SELECT i.\"Id\",i.\"Payload\",i.\"ReceivedAtMs\",i.\"Attempts\",i.\"NextAttemptAtMs\" FROM inbox_open o JOIN inbox i ON i.\"Id\"=o.\"Id\""
        + " WHERE o.\"Conversation\"=@c AND NOT o.\"Dead\" AND i.\"Status\"='Pending' ORDER BY o.\"EventTimestampMs\",o.\"Id\" LIMIT @n";

    /// <summary>
    /// The events still to handle of several conversations (PostgreSQL; <c>@convs</c> and <c>@lims</c>
    /// one a conversation), each conversation's oldest first up to its limit, its rows tagged with
    /// its place in the arrays (from 1).
    /// </summary>
    public const string PendingOfConversations =
        "SELECT c.n,i.\"Id\",i.\"Payload\",i.\"ReceivedAtMs\",i.\"Attempts\",i.\"NextAttemptAtMs\" FROM unnest(@convs,@lims) WITH ORDINALITY AS c(conv,lim,n)"
        + " CROSS JOIN LATERAL (SELECT \"Id\",\"EventTimestampMs\" FROM inbox_open WHERE \"Conversation\"=c.conv AND NOT \"Dead\""
        + " ORDER BY \"EventTimestampMs\",\"Id\" LIMIT c.lim) o JOIN inbox i ON i.\"Id\"=o.\"Id\" AND i.\"Status\"='Pending' ORDER BY c.n,o.\"EventTimestampMs\",o.\"Id\"";

    /// <summary>Conversations with an event waiting longer than it should (<c>@before</c>, <c>@now</c>, <c>@max</c>).</summary>
    public static string Stalled(bool sqlite) => sqlite
        ? "SELECT DISTINCT \"Conversation\" FROM inbox WHERE \"Status\"='Pending' AND \"ReceivedAtMs\"<@before AND \"NextAttemptAtMs\"<=@now LIMIT @max"
        : "SELECT DISTINCT \"Conversation\" FROM inbox_open WHERE NOT \"Dead\" AND \"ReceivedAtMs\"<@before AND \"NextAttemptAtMs\"<=@now LIMIT @max";

    /// <summary>The newest dead letters (<c>@max</c>).</summary>
    public static string DeadLetters(bool sqlite) => sqlite
        ? "SELECT \"Id\",\"Conversation\",\"EventId\",\"Payload\",\"ReceivedAtMs\",\"Attempts\",\"Note\" FROM inbox WHERE \"Status\"='DeadLettered' ORDER BY \"Id\" DESC LIMIT @max"
        : "SELECT i.\"Id\",i.\"Conversation\",i.\"EventId\",i.\"Payload\",i.\"ReceivedAtMs\",i.\"Attempts\",i.\"Note\" FROM inbox_open o JOIN inbox i ON i.\"Id\"=o.\"Id\""
          + " WHERE o.\"Dead\" AND i.\"Status\"='DeadLettered' ORDER BY o.\"Id\" DESC LIMIT @max";

    /// <summary>An echo moves its message's progress on (<c>@s</c> seed, <c>@p</c> parts delivered).</summary>
    public const string ProgressBySeed =
        "UPDATE outbox SET \"Progress\"=@p WHERE \"IdempotencySeed\"=@s AND \"Status\"='Pending' AND \"Progress\"<@p";

    /// <summary>Conversations with messages held for staff, the longest held first (<c>@max</c>).</summary>
    public const string HeldConversations =
        "SELECT \"Conversation\" FROM outbox WHERE \"Status\"='Held' GROUP BY \"Conversation\" ORDER BY MIN(\"Id\") LIMIT @max";

    /// <summary>How many messages are still to send.</summary>
    public const string PendingOutbox = "SELECT COUNT(*) FROM outbox WHERE \"Status\"='Pending'";

    /// <summary>
    /// Each query run on the database, with the name its index starts with: <see cref="ProgressBySeed"/>
    /// only on SQLite (PostgreSQL finds an echo's message through its conversation, see <c>SqlInbox</c>,
    /// and has no index of pending seeds).
    /// </summary>
    public static IReadOnlyList<(string Sql, string Index)> On(bool sqlite) =>
    [
        (PendingOfConversation(sqlite), sqlite ? "IX_inbox_Pending" : "IX_inbox_open_Pending"),
        (Stalled(sqlite), sqlite ? "IX_inbox_Pending" : "IX_inbox_open_Pending"),
        (DeadLetters(sqlite), sqlite ? "IX_inbox_DeadLettered" : "IX_inbox_open_Dead"),
        .. sqlite ? Array.Empty<(string, string)>() : [(PendingOfConversations, "IX_inbox_open_Pending")],
        .. sqlite ? [(ProgressBySeed, "IX_outbox_PendingSeed")] : Array.Empty<(string, string)>(),
        (HeldConversations, "IX_outbox_Held"),
        (PendingOutbox, "IX_outbox_Pending"),
    ];
}
