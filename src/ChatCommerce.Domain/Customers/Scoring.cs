namespace ChatCommerce.Domain.Customers;

/// <summary>A spend tier: customers whose lifetime value reaches <see cref="MinSpendSatang"/> are in it (the highest one reached).</summary>
public sealed class Tier
{
    public string Name { get; set; } = "";

    public long MinSpendSatang { get; set; }
}

/// <summary>ChatCommerce:Customers — defaults the owner can change through the API.</summary>
public sealed class CustomerOptions
{
    public const string Section = "ChatCommerce:Customers";

    /// <summary>Spend tiers (the owner's saved tiers replace these).</summary>
    public List<Tier> Tiers { get; set; } =
    [
        new() { Name = "silver", MinSpendSatang = 300_000 },
        new() { Name = "gold", MinSpendSatang = 1_000_000 },
        new() { Name = "platinum", MinSpendSatang = 3_000_000 },
    ];

    /// <summary>The nightly recompute's hour, in the shop's time zone.</summary>
    public int NightlyHour { get; set; } = 3;
}

/// <summary>
/// RFM scores, segments, lifetime value, tiers and needs. The nightly run scores everyone and sets
/// the frequency and spend boundaries (quintiles among buyers); an order rescores its customer
/// against the boundaries of the last run, so one order costs a few indexed statements.
/// </summary>
public interface ICustomerScores
{
    /// <summary>Rescores the customer of this identity, inside the caller's write transaction when there is one.</summary>
    Task RescoreAsync(string channel, string userId, CancellationToken cancellationToken);

    /// <summary>Rescores one customer, inside the caller's write transaction when there is one.</summary>
    Task RescoreCustomerAsync(string customerId, CancellationToken cancellationToken);

    /// <summary>Scores every customer with set-based statements.</summary>
    Task<ScoringRun> RecomputeAllAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<Tier>> TiersAsync(CancellationToken cancellationToken);

    /// <summary>Saves the owner's tiers (lowest first) and rescores everyone.</summary>
    Task<ScoringRun> SaveTiersAsync(IReadOnlyList<Tier> tiers, CancellationToken cancellationToken);
}

/// <summary>What a full recompute did.</summary>
/// <param name="FrequencyCuts">Order counts above which the F score goes up by one (four boundaries).</param>
/// <param name="MonetaryCuts">The same for spend, in satang.</param>
public sealed record ScoringRun(int Customers, int Buyers, TimeSpan Took, IReadOnlyList<long> FrequencyCuts, IReadOnlyList<long> MonetaryCuts);

/// <summary>How recency is scored: days since the last order, 5 within the first bound, 1 past the last.</summary>
public static class Recency
{
    public static readonly IReadOnlyList<int> DayBounds = [30, 60, 120, 240];
}
