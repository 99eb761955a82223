namespace ChatCommerce.Infrastructure.Data;

/// <summary>One stored inbound event. (Channel, EventId) is unique: the durable dedupe.</summary>
public sealed class InboxRecord
{
    public long Id { get; set; }

    public required string Channel { get; set; }

    public required string EventId { get; set; }

    public required string Conversation { get; set; }

    public long EventTimestampMs { get; set; }

    public long ReceivedAtMs { get; set; }

    public required string Status { get; set; }

    /// <summary>Failed attempts so far.</summary>
    public int Attempts { get; set; }

    /// <summary>After a failure, not to be tried before this (Unix ms).</summary>
    public long NextAttemptAtMs { get; set; }

    public required string Payload { get; set; }

    public string? Note { get; set; }
}
