namespace ChatCommerce.Infrastructure.Data;

/// <summary>One conversation's state in the relational store: data, version and expiry.</summary>
public sealed class StateRecord
{
    public required string Key { get; set; }

    public required string Data { get; set; }

    public long Version { get; set; }

    public long ExpiresAtMs { get; set; }
}
