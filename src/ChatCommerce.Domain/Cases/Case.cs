namespace ChatCommerce.Domain.Cases;

/// <summary>What went wrong, as a complaint case records it. Persisted as these names.</summary>
public static class CaseCategories
{
    public const string Damaged = "damaged";
    public const string WrongItem = "wrong_item";
    public const string Missing = "missing";
    public const string Late = "late";
    public const string Quality = "quality";
    public const string Service = "service";
    public const string Other = "other";
}

public enum CaseSeverity
{
    Low,
    Medium,
    High,
}

public enum CaseStatus
{
    Open,
    Resolved,
    Reopened,
}

/// <summary>A complaint: who, about which order, what went wrong, how urgent, and by when a person answers.</summary>
public sealed class ServiceCase
{
    public long Id { get; set; }

    /// <summary>"line:U…" / "messenger:…".</summary>
    public string Conversation { get; set; } = "";

    public string? OrderNumber { get; set; }

    public string Category { get; set; } = CaseCategories.Other;

    public CaseSeverity Severity { get; set; }

    public CaseStatus Status { get; set; }

    /// <summary>What the customer wrote, as the case was opened.</summary>
    public string Text { get; set; } = "";

    /// <summary>The inbound event that opened it: a redelivery or a re-run turn finds this case.</summary>
    public string OpenedByEvent { get; set; } = "";

    /// <summary>When a person should have answered (the severity's time, counted in working hours).</summary>
    public long DueAtMs { get; set; }

    public long CreatedAtMs { get; set; }

    public long UpdatedAtMs { get; set; }

    public long? ResolvedAtMs { get; set; }
}

/// <summary>Complaint cases.</summary>
public interface ICaseStore
{
    /// <summary>Opens a case (inside the caller's transaction, a turn's when in one).</summary>
    Task<ServiceCase> OpenAsync(ServiceCase serviceCase, CancellationToken cancellationToken);

    /// <summary>Cases of one conversation opened since the time, newest first.</summary>
    Task<IReadOnlyList<ServiceCase>> ForConversationAsync(string conversation, DateTimeOffset since, CancellationToken cancellationToken);

    Task<IReadOnlyList<ServiceCase>> ListAsync(CaseStatus? status, int skip, int take, CancellationToken cancellationToken);
}
