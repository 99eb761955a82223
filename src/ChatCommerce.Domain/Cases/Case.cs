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

    /// <summary>What the customer wants: replacement, refund, other (<see cref="CaseWishes"/>); null when not asked.</summary>
    public string? Wish { get; set; }

    /// <summary>Who resolved it last ("console:3").</summary>
    public string? ResolvedBy { get; set; }

    /// <summary>When the satisfaction question went out after resolution (once per resolution).</summary>
    public long? CsatAskedAtMs { get; set; }

    /// <summary>The customer's 1–5 after resolution.</summary>
    public int? CsatScore { get; set; }

    public string? CsatComment { get; set; }

    /// <summary>When the owner was told the case passed its due time unanswered (once).</summary>
    public long? BreachNotifiedAtMs { get; set; }

    /// <summary>When a person first answered the customer (a staff reply) since the case opened.</summary>
    public long? FirstResponseAtMs { get; set; }
}

/// <summary>What the customer wants done about a complaint.</summary>
public static class CaseWishes
{
    public const string Replacement = "replacement";
    public const string Refund = "refund";
    public const string Other = "other";
}

/// <summary>Kinds of <see cref="CaseEvent"/>. Persisted as these names.</summary>
public static class CaseEventKinds
{
    public const string Note = "note";
    public const string Photo = "photo";
    public const string Replacement = "replacement";
    public const string Refund = "refund";
    public const string Voucher = "voucher";
    public const string Resolved = "resolved";
    public const string Reopened = "reopened";
    public const string Csat = "csat";
    public const string Breach = "breach";
}

/// <summary>
/// What happened on a case after it opened: a staff note, a photo the customer sent, a recovery
/// action (replacement order, refund record, voucher), resolution, reopening, the CSAT answer.
/// </summary>
public sealed class CaseEvent
{
    public long Id { get; set; }

    public long CaseId { get; set; }

    public string Kind { get; set; } = CaseEventKinds.Note;

    public string Actor { get; set; } = "";

    public string? Text { get; set; }

    /// <summary>A refund's or voucher's value.</summary>
    public long? AmountSatang { get; set; }

    /// <summary>The replacement order's number, the voucher code, a slip/photo hash, a refund reference.</summary>
    public string? Reference { get; set; }

    public long AtMs { get; set; }
}

/// <summary>Complaint cases.</summary>
public interface ICaseStore
{
    /// <summary>Opens a case (inside the caller's transaction, a turn's when in one).</summary>
    Task<ServiceCase> OpenAsync(ServiceCase serviceCase, CancellationToken cancellationToken);

    /// <summary>Cases of one conversation opened since the time, newest first.</summary>
    Task<IReadOnlyList<ServiceCase>> ForConversationAsync(string conversation, DateTimeOffset since, CancellationToken cancellationToken);

    Task<IReadOnlyList<ServiceCase>> ListAsync(CaseStatus? status, int skip, int take, CancellationToken cancellationToken);

    Task<ServiceCase?> FindAsync(long id, CancellationToken cancellationToken);

    /// <summary>Open and reopened cases of a conversation, most severe first.</summary>
    Task<IReadOnlyList<ServiceCase>> OpenOfConversationAsync(string conversation, CancellationToken cancellationToken);

    /// <summary>Open and reopened cases of any of the conversations.</summary>
    Task<IReadOnlyList<ServiceCase>> OpenOfConversationsAsync(IReadOnlyCollection<string> conversations, CancellationToken cancellationToken);

    /// <summary>The conversations with a case resolved since the time, latest first.</summary>
    Task<IReadOnlyList<ServiceCase>> ResolvedSinceAsync(long sinceMs, int take, CancellationToken cancellationToken);

    /// <summary>Saves a case read with <see cref="FindAsync"/> or <see cref="OpenOfConversationAsync"/>, with an event on its timeline, in the caller's transaction when there is one.</summary>
    Task SaveAsync(ServiceCase serviceCase, CaseEvent? happened, CancellationToken cancellationToken);

    Task<IReadOnlyList<CaseEvent>> EventsAsync(long caseId, CancellationToken cancellationToken);

    /// <summary>Resolved cases whose satisfaction question has not gone out, resolved before the time.</summary>
    Task<IReadOnlyList<ServiceCase>> AwaitingCsatAsync(long resolvedBeforeMs, int take, CancellationToken cancellationToken);

    /// <summary>Open or reopened cases past due with no first response and no breach notice yet.</summary>
    Task<IReadOnlyList<ServiceCase>> BreachedAsync(long nowMs, int take, CancellationToken cancellationToken);
}
