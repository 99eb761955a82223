namespace ChatCommerce.Domain.Customers;

/// <summary>
/// One customer across channels. A shopper proves two chats are theirs with a one-time code made
/// in one and typed in the other; the owner may also merge two customers. A merge keeps
/// everything (the merged customer stays as a tombstone) and can be undone.
/// </summary>
public interface ICustomerLinks
{
    /// <summary>A fresh one-time code for the customer, valid for <see cref="CodeLifetime"/>; earlier unused codes stop working.</summary>
    Task<string> NewCodeAsync(string customerId, string channel, CancellationToken cancellationToken);

    /// <summary>
    /// Uses a code typed in a chat of <paramref name="channel"/> by <paramref name="customerId"/>:
    /// the code's customer absorbs this one. Null when the text is no live code.
    /// </summary>
    Task<LinkResult?> UseCodeAsync(string code, string customerId, string channel, CancellationToken cancellationToken);

    /// <summary>Merges <paramref name="sourceId"/> into <paramref name="targetId"/>; null when either is unknown, merged already, or the same.</summary>
    Task<CustomerMerge?> MergeAsync(string targetId, string sourceId, string actor, CancellationToken cancellationToken);

    /// <summary>Gives the merged customer back their identities, touchpoints and what was copied; null when no such merge or undone already.</summary>
    Task<CustomerMerge?> UndoAsync(long mergeId, string actor, CancellationToken cancellationToken);

    Task<IReadOnlyList<CustomerMerge>> MergesAsync(string customerId, CancellationToken cancellationToken);

    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);
}

public enum LinkOutcome
{
    Linked,

    /// <summary>Both chats already are one customer.</summary>
    AlreadyLinked,

    /// <summary>The code was made in a chat of the same channel: it must be typed in the other one.</summary>
    SameChannel,
}

public sealed record LinkResult(LinkOutcome Outcome, string CustomerId, string? OtherChannel);

/// <summary>A merge: who absorbed whom, when, by whom, and whether it was undone.</summary>
public sealed record CustomerMerge(long Id, string TargetId, string SourceId, string Actor, DateTimeOffset MergedAt, DateTimeOffset? UndoneAt, int Identities);

/// <summary>How a link code is written: eight of 32 letters and digits (no 0/O or 1/I), shown as "K7M2-Q9XA".</summary>
public static class LinkCodeText
{
    public const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>"k7m2 q9xa", "K7M2-Q9XA" and "K7M2Q9XA" are the same code; anything else is none.</summary>
    public static string? Normalise(string? text)
    {
        var compact = new string((text ?? "").Where(ch => !char.IsWhiteSpace(ch) && ch != '-').Select(char.ToUpperInvariant).ToArray());
        return compact.Length == 8 && compact.All(Alphabet.Contains) ? compact : null;
    }
}

/// <summary>A one-time link code (stored as its hash) and a merge record with what it moved, for undoing it.</summary>
public sealed class LinkCode
{
    public long Id { get; set; }

    /// <summary>SHA-256 of the normalised code, hex: the code itself is never stored.</summary>
    public string CodeHash { get; set; } = "";

    public string CustomerId { get; set; } = "";

    public string Channel { get; set; } = "";

    public long CreatedAtMs { get; set; }

    public long ExpiresAtMs { get; set; }

    public long? UsedAtMs { get; set; }
}

public sealed class MergeRecord
{
    public long Id { get; set; }

    public string TargetId { get; set; } = "";

    public string SourceId { get; set; } = "";

    public string Actor { get; set; } = "";

    public long MergedAtMs { get; set; }

    public long? UndoneAtMs { get; set; }

    /// <summary>JSON: the identities moved and the phones, addresses and tags copied onto the target.</summary>
    public string Moved { get; set; } = "{}";
}
