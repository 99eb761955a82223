namespace ChatCommerce.Domain.Customers;

/// <summary>A survey question sent in chat and its answer.</summary>
public sealed class Survey
{
    public long Id { get; set; }

    public string CustomerId { get; set; } = "";

    /// <summary>One of <see cref="SurveyKinds"/>.</summary>
    public string Kind { get; set; } = SurveyKinds.Csat;

    /// <summary>The delivered order a CSAT question is about.</summary>
    public string? OrderNumber { get; set; }

    /// <summary>Where it was asked ("line:U…").</summary>
    public string Conversation { get; set; } = "";

    public long AskedAtMs { get; set; }

    /// <summary>CSAT 1–5; NPS 0–10.</summary>
    public int? Score { get; set; }

    public long? AnsweredAtMs { get; set; }
}

public static class SurveyKinds
{
    /// <summary>How satisfied with a delivered order, 1 to 5.</summary>
    public const string Csat = "csat";

    /// <summary>How likely to recommend the shop, 0 to 10, after the second order.</summary>
    public const string Nps = "nps";
}

/// <summary>ChatCommerce:Surveys.</summary>
public sealed class SurveyOptions
{
    public const string Section = "ChatCommerce:Surveys";

    public bool Enabled { get; set; } = true;

    /// <summary>Hours after delivery before the CSAT question (24).</summary>
    public int CsatAfterDeliveryHours { get; set; } = 24;

    /// <summary>A delivered order older than this gets no question any more (7 days).</summary>
    public int CsatWithinDays { get; set; } = 7;

    /// <summary>At most one survey per customer in this many days (30).</summary>
    public int MinDaysBetween { get; set; } = 30;

    /// <summary>An answer later than this after the question is thanked but not counted (7 days).</summary>
    public int AnswerWithinDays { get; set; } = 7;
}

/// <summary>A survey to send: to whom, about what, where.</summary>
public sealed record SurveyDue(string CustomerId, string Kind, string? OrderNumber, string Channel, string UserId, string Locale);

public interface ISurveyStore
{
    /// <summary>
    /// Who is due a survey now, at most <paramref name="max"/>: CSAT for orders delivered between
    /// the two times, NPS for customers with two orders or more and no NPS answer asked before;
    /// never a customer surveyed after <paramref name="lastSurveyBefore"/>, never twice about one order.
    /// </summary>
    Task<IReadOnlyList<SurveyDue>> DueAsync(long deliveredBefore, long deliveredAfter, long lastSurveyBefore, int max, CancellationToken cancellationToken);

    /// <summary>Records the question (and the customer's last survey time) inside the caller's transaction; returns its id.</summary>
    Task<long> AskedAsync(SurveyDue due, string conversation, long atMs, CancellationToken cancellationToken);

    Task<Survey?> FindAsync(long id, CancellationToken cancellationToken);

    /// <summary>Keeps the first answer only; false when there was one already.</summary>
    Task<bool> AnswerAsync(long id, int score, long atMs, CancellationToken cancellationToken);
}
