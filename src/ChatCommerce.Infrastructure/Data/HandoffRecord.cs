namespace ChatCommerce.Infrastructure.Data;

/// <summary>A request for staff in the queue; open while <see cref="ReleasedAtMs"/> is null.</summary>
public sealed class HandoffRecord
{
    public long Id { get; set; }

    public required string Conversation { get; set; }

    public long RequestedAtMs { get; set; }

    public required string Reason { get; set; }

    public string? LastText { get; set; }

    public long? ReleasedAtMs { get; set; }
}
