using ChatCommerce.Conversations.Handoffs;
using ChatCommerce.Domain.Cases;
using ChatCommerce.Domain.Catalog;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Orders;
using ChatCommerce.Domain.Staff;

namespace ChatCommerce.Web.Console;

/// <summary>What every console page knows: who, in which language, the form token, the time.</summary>
public sealed record ConsoleView(ConsoleUser User, ConsoleText T, string Token, DateTimeOffset Now, string Active);

public static class ConsoleQueues
{
    public const string Waiting = "waiting";
    public const string Mine = "mine";
    public const string Staff = "staff";
    public const string Bot = "bot";
    public const string Resolved = "resolved";

    public static readonly string[] All = [Waiting, Mine, Staff, Bot, Resolved];
}

/// <summary>One conversation in an inbox queue.</summary>
public sealed record InboxRow(
    ConversationKey Conversation,
    string? DisplayName,
    string Owner,
    string? StaffId,
    string? LastText,
    DateTimeOffset? LastAt,
    CaseSeverity? Severity,
    DateTimeOffset? DueAt)
{
    public string Path => $"/console/c/{Conversation.ChannelName}/{Conversation.ChatId}";
}

public sealed record InboxModel(ConsoleView View, string Queue, IReadOnlyList<InboxRow> Rows);

public sealed record ConversationModel(
    ConsoleView View,
    ConversationKey Conversation,
    string? DisplayName,
    string Owner,
    string? StaffId,
    IReadOnlyList<TranscriptLine> Transcript,
    IReadOnlyList<Order> Orders,
    IReadOnlyList<ServiceCase> Cases,
    IReadOnlyList<StaffNote> Notes,
    IReadOnlyList<Product> Products,
    string? Flash,
    Domain.Customers.CustomerCard? Customer = null)
{
    public string Path => $"/console/c/{Conversation.ChannelName}/{Conversation.ChatId}";

    public bool MineToAnswer => Owner == "staff";
}

public sealed record CasesModel(ConsoleView View, string? Status, IReadOnlyList<ServiceCase> Cases)
{
    /// <summary>Only cases of this severity (low, medium, high), or all.</summary>
    public string? Severity { get; init; }

    /// <summary>The query string of this list with another status or severity.</summary>
    public string Query(string? status, string? severity) =>
        string.Join('&', new[] { status is null ? null : "status=" + status, severity is null ? null : "severity=" + severity }.Where(p => p is not null)) is { Length: > 0 } q ? "?" + q : "";
}

public sealed record CaseModel(ConsoleView View, ServiceCase Case, IReadOnlyList<CaseEvent> Events, string? Flash);

public sealed record AnalyticsModel(
    ConsoleView View,
    DateOnly From,
    DateOnly To,
    Domain.Analytics.ShopSummary Summary,
    Domain.Analytics.SalesReport Sales,
    IReadOnlyList<Domain.Customers.SegmentSize> Segments,
    IReadOnlyList<Domain.Customers.SegmentMove> Moves);

public sealed record AuditModel(ConsoleView View, IReadOnlyList<AuditEntry> Entries);

/// <summary>The promotions with their uses and switches, and the nudge experiment's last 30 days.</summary>
public sealed record PromotionsModel(ConsoleView View, IReadOnlyList<Domain.Promotions.StoredPromotion> Promotions, Domain.Promotions.NudgeReport Report, string? Done);

/// <summary>One promotion as JSON to edit (Id null: a new one), with what the validator said.</summary>
public sealed record PromotionModel(ConsoleView View, string? Id, string Json, IReadOnlyList<Domain.Promotions.PromotionProblem> Problems);

public sealed record AccountsModel(ConsoleView View, IReadOnlyList<ConsoleAccount> Accounts, string? Problem);
