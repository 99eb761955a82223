namespace ChatCommerce.Domain.Ports;

/// <summary>Remembers keys for a while: "have we seen this event / sent this push already?"</summary>
public interface IDedupeStore
{
    /// <summary>Marks the key; true when it was not marked before (the caller goes first).</summary>
    Task<bool> TryMarkAsync(string key, TimeSpan timeToLive);

    Task<bool> IsMarkedAsync(string key);

    Task UnmarkAsync(string key);
}
