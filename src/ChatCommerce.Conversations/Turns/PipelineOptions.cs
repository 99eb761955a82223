namespace ChatCommerce.Conversations.Turns;

/// <summary>Configuration section <c>ChatCommerce:Pipeline</c>.</summary>
public sealed class PipelineOptions
{
    public const string Section = "ChatCommerce:Pipeline";

    /// <summary>
    /// How long a new event waits before its conversation is drained, so that events delivered
    /// slightly out of order are put back in timestamp order first.
    /// </summary>
    public TimeSpan ReorderWindow { get; set; } = TimeSpan.FromMilliseconds(150);

    /// <summary>Conversations handled at once (each one still one turn at a time).</summary>
    public int Workers { get; set; } = Math.Max(4, Environment.ProcessorCount * 4);

    public TimeSpan LockTimeToLive { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan LockWait { get; set; } = TimeSpan.FromSeconds(5);

    public int MaxAttempts { get; set; } = 5;

    /// <summary>Pending events older than this are picked up by the sweeper (crash recovery).</summary>
    public TimeSpan StallAfter { get; set; } = TimeSpan.FromSeconds(30);
}
