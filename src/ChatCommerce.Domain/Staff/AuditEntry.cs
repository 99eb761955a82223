namespace ChatCommerce.Domain.Staff;

/// <summary>What the audit log records. Persisted as these names.</summary>
public static class AuditActions
{
    public const string SignIn = "sign_in";
    public const string SignInFailed = "sign_in_failed";
    public const string LockedOut = "locked_out";
    public const string AccountCreated = "account_created";
    public const string AccountChanged = "account_changed";
    public const string TakeOver = "takeover";
    public const string HandBack = "handback";
    public const string StaffReply = "reply";
    public const string Note = "note";
    public const string CaseResolved = "case_resolved";
    public const string CaseReopened = "case_reopened";
    public const string Replacement = "replacement";
    public const string Refund = "refund";
    public const string Voucher = "voucher";
    public const string SettingChanged = "setting_changed";
    public const string CustomerChanged = "customer_changed";
    public const string CustomerExported = "customer_exported";
    public const string CustomerErased = "customer_erased";
    public const string CustomersMerged = "customers_merged";
    public const string MergeUndone = "merge_undone";
    public const string ConsentChanged = "consent_changed";
    public const string PromotionSaved = "promotion_saved";
    public const string PromotionDeleted = "promotion_deleted";
    public const string BroadcastCreated = "broadcast_created";
}

/// <summary>One line of the append-only audit log: who did what to what, and when.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public long AtMs { get; set; }

    /// <summary>"console:3 (name)", "api", "system".</summary>
    public string Actor { get; set; } = "";

    public string Action { get; set; } = "";

    /// <summary>What it was done to: "line:U…", "case:12", "order:CC000123", "settings:payments".</summary>
    public string Subject { get; set; } = "";

    public string? Detail { get; set; }
}

/// <summary>
/// The audit log: entries are only added, never changed or removed (the database refuses it too).
/// </summary>
public interface IAuditLog
{
    /// <summary>Appends inside the caller's write transaction when there is one.</summary>
    Task AppendAsync(string actor, string action, string subject, string? detail, CancellationToken cancellationToken);

    Task<IReadOnlyList<AuditEntry>> ListAsync(string? subject, int skip, int take, CancellationToken cancellationToken);
}

/// <summary>An internal note staff keep on a conversation: the customer never sees it.</summary>
public sealed class StaffNote
{
    public long Id { get; set; }

    public string Conversation { get; set; } = "";

    public string Author { get; set; } = "";

    public string Text { get; set; } = "";

    public long AtMs { get; set; }
}

public interface IStaffNotes
{
    Task<StaffNote> AddAsync(string conversation, string author, string text, CancellationToken cancellationToken);

    Task<IReadOnlyList<StaffNote>> ForConversationAsync(string conversation, CancellationToken cancellationToken);
}
