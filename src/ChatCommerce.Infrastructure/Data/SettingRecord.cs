namespace ChatCommerce.Infrastructure.Data;

/// <summary>A setting the owner changed through the API (JSON), over what configuration says.</summary>
public sealed class SettingRecord
{
    public string Key { get; set; } = "";

    public string Json { get; set; } = "";

    public long UpdatedAtMs { get; set; }
}

/// <summary>A provider's event (a Stripe webhook) already acted on: the same event again changes nothing.</summary>
public sealed class ProviderEventRecord
{
    public string Provider { get; set; } = "";

    public string EventId { get; set; } = "";

    public string Type { get; set; } = "";

    public long ReceivedAtMs { get; set; }
}

/// <summary>A slip picture, stored once however often it is sent (its SHA-256 names it).</summary>
public sealed class SlipRecord
{
    public string Sha256 { get; set; } = "";

    public string ContentType { get; set; } = "";

    public byte[] Bytes { get; set; } = [];

    public long StoredAtMs { get; set; }
}
