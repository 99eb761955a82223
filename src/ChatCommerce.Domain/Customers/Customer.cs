namespace ChatCommerce.Domain.Customers;

/// <summary>
/// One customer of the shop, whatever channels they write on. Their channel identities (LINE user
/// id, Messenger PSID) are contacts pointing here; orders and touchpoints reach the customer
/// through those identities.
/// </summary>
public sealed class Customer
{
    /// <summary>32 lowercase hex digits, made by whoever creates the customer (a turn needs no round trip for it).</summary>
    public string Id { get; set; } = "";

    /// <summary>From the platform profile of the identity that last told one.</summary>
    public string? DisplayName { get; set; }

    public string? PictureUrl { get; set; }

    public string? Language { get; set; }

    /// <summary>yyyy-MM-dd, when the customer gave it.</summary>
    public string? Birthday { get; set; }

    /// <summary>Staff's notes about the customer (the customer never sees them).</summary>
    public string? Notes { get; set; }

    public long CreatedAtMs { get; set; }

    public long UpdatedAtMs { get; set; }

    /// <summary>Marketing consent: null (never asked), "asked", "granted", "declined", "withdrawn".</summary>
    public string? Consent { get; set; }

    public long? ConsentAtMs { get; set; }

    /// <summary>Where consent was given or withdrawn: "line", "messenger", "owner".</summary>
    public string? ConsentChannel { get; set; }

    /// <summary>The exact words the customer agreed to (or the owner's reason).</summary>
    public string? ConsentWording { get; set; }

    /// <summary>The last survey (CSAT, NPS) sent: at most one in 30 days.</summary>
    public long? LastSurveyAtMs { get; set; }

    // What the recompute derives (nightly and on every order): never set by hand.
    public int OrderCount { get; set; }

    public long LifetimeValueSatang { get; set; }

    public long? FirstOrderAtMs { get; set; }

    public long? LastOrderAtMs { get; set; }

    public long? LastTouchAtMs { get; set; }

    /// <summary>RFM scores, 1 (worst) to 5; 0 when the customer has not ordered.</summary>
    public int Recency { get; set; }

    public int Frequency { get; set; }

    public int Monetary { get; set; }

    /// <summary>One of <see cref="Segments"/>.</summary>
    public string Segment { get; set; } = Segments.Prospect;

    /// <summary>The segment before the last change, and when it changed (segment movement).</summary>
    public string? PreviousSegment { get; set; }

    public long? SegmentChangedAtMs { get; set; }

    /// <summary>The spend tier's name (owner-set thresholds), or null below the first.</summary>
    public string? Tier { get; set; }

    /// <summary>Needs read from behaviour, comma-separated: "price_sensitive", "convenience".</summary>
    public string? Needs { get; set; }

    public long? ScoredAtMs { get; set; }

    /// <summary>Set when the owner merged this customer into another: a tombstone kept so the merge can be undone.</summary>
    public string? MergedIntoId { get; set; }
}

/// <summary>The named segments. Persisted as these names.</summary>
public static class Segments
{
    public const string Champions = "champions";
    public const string Loyal = "loyal";
    public const string Potential = "potential";
    public const string New = "new";
    public const string AtRisk = "at_risk";
    public const string Lost = "lost";

    /// <summary>Has not ordered yet.</summary>
    public const string Prospect = "prospect";

    public static readonly IReadOnlyList<string> All = [Champions, Loyal, Potential, New, AtRisk, Lost, Prospect];
}

/// <summary>A phone number the customer used at checkout (digits only, Thai national form).</summary>
public sealed class CustomerPhone
{
    public string CustomerId { get; set; } = "";

    public string Phone { get; set; } = "";

    public long FirstUsedAtMs { get; set; }

    public long LastUsedAtMs { get; set; }
}

/// <summary>A delivery address the customer used at checkout.</summary>
public sealed class CustomerAddress
{
    public long Id { get; set; }

    public string CustomerId { get; set; } = "";

    public string Name { get; set; } = "";

    public string Address { get; set; } = "";

    public string Postcode { get; set; } = "";

    public long LastUsedAtMs { get; set; }
}

/// <summary>A tag staff put on a customer ("vip", "wholesale").</summary>
public sealed class CustomerTag
{
    public string CustomerId { get; set; } = "";

    public string Tag { get; set; } = "";
}

public static class CustomerIds
{
    public static string New() => Guid.CreateVersion7().ToString("N");

    public static bool IsWellFormed(string? id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower);
}
