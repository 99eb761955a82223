namespace ChatCommerce.Domain.Customers;

/// <summary>
/// A data subject's erasure (PDPA section 33; Meta's data-deletion callback): the customer's
/// personal data leaves every place it is kept, and the files the database keeps it in. Orders
/// stay for the shop's accounts with their personal fields blanked; counts stay, anonymous.
/// </summary>
public interface ICustomerEraser
{
    /// <summary>Null when no such customer.</summary>
    Task<ErasureReport?> EraseAsync(string customerId, string requestedBy, CancellationToken cancellationToken);

    /// <summary>
    /// Rewrites the files of the tables erasures touched, so no old row version keeps the bytes
    /// (PostgreSQL's MVCC leaves them until a table is rewritten). Runs nightly when an erasure
    /// is waiting for it, or when the owner asks; SQLite's erasure does this at once.
    /// </summary>
    Task<ScrubReport> ScrubAsync(bool evenIfNothingPending, CancellationToken cancellationToken);
}

public sealed record ScrubReport(bool WasPending, int Tables, TimeSpan Took);

/// <summary>What an erasure removed or blanked, per place.</summary>
public sealed record ErasureReport(string CustomerId, int Identities, IReadOnlyDictionary<string, int> Rows, DateTimeOffset At);

/// <summary>Personal data kept outside the database (Redis keys); the default keeps none.</summary>
public interface IKeyValueEraser
{
    /// <summary>Removes every key whose name or value holds one of these; returns how many.</summary>
    Task<int> EraseAsync(IReadOnlyCollection<string> needles, CancellationToken cancellationToken);
}

public sealed class NoKeyValueStore : IKeyValueEraser
{
    public Task<int> EraseAsync(IReadOnlyCollection<string> needles, CancellationToken cancellationToken) => Task.FromResult(0);
}

/// <summary>
/// A request to erase someone (Meta's data-deletion callback, or the owner's), with the
/// confirmation code the requester can check its status by. The platform id it names is kept only
/// until the erasure has run.
/// </summary>
public sealed class ErasureRequest
{
    public long Id { get; set; }

    /// <summary>Unguessable, alphanumeric: names the status page.</summary>
    public string ConfirmationCode { get; set; } = "";

    /// <summary>"meta" (data-deletion callback) or "owner".</summary>
    public string Source { get; set; } = "";

    /// <summary>The id the request named (Meta: an app-scoped user id); cleared once handled.</summary>
    public string? SubjectId { get; set; }

    /// <summary>One of <see cref="ErasureStatuses"/>.</summary>
    public string Status { get; set; } = ErasureStatuses.Pending;

    public long RequestedAtMs { get; set; }

    public long? CompletedAtMs { get; set; }
}

public static class ErasureStatuses
{
    public const string Pending = "pending";

    /// <summary>The person's data was found and erased.</summary>
    public const string Erased = "erased";

    /// <summary>Nothing was found for the id named (never wrote to the page, or Graph could not match it): nothing kept, nothing to erase.</summary>
    public const string NotFound = "not_found";
}

public interface IErasureRequests
{
    Task<ErasureRequest> CreateAsync(string source, string subjectId, CancellationToken cancellationToken);

    Task<ErasureRequest?> GetAsync(long id, CancellationToken cancellationToken);

    Task<ErasureRequest?> FindAsync(string confirmationCode, CancellationToken cancellationToken);

    /// <summary>Records the outcome and forgets the id the request named.</summary>
    Task CompleteAsync(long id, string status, CancellationToken cancellationToken);
}
