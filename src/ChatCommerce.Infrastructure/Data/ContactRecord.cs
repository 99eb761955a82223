namespace ChatCommerce.Infrastructure.Data;

/// <summary>A customer's identity on one channel (LINE user id or Messenger PSID).</summary>
public sealed class ContactRecord
{
    public long Id { get; set; }

    public required string Channel { get; set; }

    public required string UserId { get; set; }

    public string? DisplayName { get; set; }

    public string? Language { get; set; }

    public long? LastUserMessageAtMs { get; set; }

    public bool IsFollowing { get; set; } = true;

    public bool HasProfile { get; set; }

    public long FirstSeenAtMs { get; set; }

    public long UpdatedAtMs { get; set; }

    /// <summary>The customer this identity belongs to (null only for contacts from before customers, until they write again).</summary>
    public string? CustomerId { get; set; }
}
