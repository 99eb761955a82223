namespace ChatCommerce.Infrastructure.Data;

/// <summary>One outgoing message in the transactional outbox (see <c>Conversations.Outbox</c>).</summary>
public sealed class OutboxRecord
{
    public long Id { get; set; }

    public required string Conversation { get; set; }

    /// <summary>Reply or Notice.</summary>
    public required string Kind { get; set; }

    public required string Status { get; set; }

    /// <summary>The channel-neutral messages as JSON.</summary>
    public required string Messages { get; set; }

    public required string IdempotencySeed { get; set; }

    public string? ReplyToken { get; set; }

    public long? ReplyTokenAtMs { get; set; }

    public long? EventAtMs { get; set; }

    public long? LastUserMessageAtMs { get; set; }

    public bool InResponse { get; set; }

    public long CreatedAtMs { get; set; }

    public long ExpiresAtMs { get; set; }

    public long NextAttemptAtMs { get; set; }

    /// <summary>The instance working on it holds it until then; after that another may take it over.</summary>
    public long LeaseUntilMs { get; set; }

    /// <summary>The instance holding the lease (its <c>InstanceIdentity</c>).</summary>
    public string? LeaseOwner { get; set; }

    public int Attempts { get; set; }

    /// <summary>Parts already delivered.</summary>
    public int Progress { get; set; }

    public bool MayHaveBeenSent { get; set; }

    public long? DoneAtMs { get; set; }

    public string? Note { get; set; }
}
