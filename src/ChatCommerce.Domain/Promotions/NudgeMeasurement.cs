using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ChatCommerce.Domain.Promotions;

/// <summary>
/// One measured basket: the first time a conversation's basket came within a nudge band (until it
/// orders or a week passes), whether the shopper is in the holdout (then nothing was shown), what
/// the basket was worth, and what followed: the threshold crossed, the order placed.
/// </summary>
public sealed class NudgeRecord
{
    public long Id { get; set; }

    public string Conversation { get; set; } = "";

    public string? CustomerId { get; set; }

    public string PromotionId { get; set; } = "";

    /// <summary>In the holdout: the nudge was not shown.</summary>
    public bool Holdout { get; set; }

    /// <summary>The goods after discounts when the basket came near the threshold.</summary>
    public long BasketSatang { get; set; }

    public long MissingSatang { get; set; }

    public long AtMs { get; set; }

    /// <summary>When the basket then got the promotion.</summary>
    public long? CrossedAtMs { get; set; }

    /// <summary>The order the conversation placed next (within <see cref="NudgeMeasurement.Window"/>).</summary>
    public string? OrderNumber { get; set; }

    public long? OrderSatang { get; set; }
}

/// <summary>One group's figures: baskets measured, thresholds crossed, orders, conversion, average basket and order.</summary>
public sealed record NudgeGroup(int Baskets, int Crossed, int Orders, double Conversion, long AverageBasketSatang, long AverageOrderSatang);

/// <summary>Nudged against held-out baskets over a period.</summary>
public sealed record NudgeReport(DateTimeOffset Since, int HoldoutPercent, NudgeGroup Nudged, NudgeGroup Holdout);

/// <summary>Records and reports the nudge experiment.</summary>
public interface INudgeLog
{
    /// <summary>The conversation's open basket got one of these promotions.</summary>
    Task CrossedAsync(string conversation, IReadOnlyCollection<string> promotionIds, DateTimeOffset at, CancellationToken cancellationToken);

    Task<NudgeReport> ReportAsync(DateTimeOffset since, int holdoutPercent, CancellationToken cancellationToken);
}

public static class NudgeMeasurement
{
    /// <summary>A measured basket counts an order placed this long after it at most.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(7);

    /// <summary>Whether this customer (or, unknown, this chat) is held out: stable for the same key and share.</summary>
    public static bool IsHeldOut(string key, int percent)
    {
        if (percent <= 0)
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes("holdout:" + key), hash);
        return BinaryPrimitives.ReadUInt32BigEndian(hash) % 100 < (uint)percent;
    }
}
