using Microsoft.EntityFrameworkCore;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>A setting the owner changed through the API (JSON), over what configuration says.</summary>
public sealed class SettingRecord
{
    public string Key { get; set; } = "";

    public string Json { get; set; } = "";

    public long UpdatedAtMs { get; set; }
}

/// <summary>Writes a setting row (inside the caller's write transaction): added, or replaced.</summary>
internal static class SettingRows
{
    public static async Task SaveAsync(ChatCommerceDbContext db, string key, string json, long nowMs, CancellationToken cancellationToken)
    {
        var row = await db.Settings.FirstOrDefaultAsync(s => s.Key == key, cancellationToken);
        if (row is null)
        {
            db.Settings.Add(new SettingRecord { Key = key, Json = json, UpdatedAtMs = nowMs });
        }
        else
        {
            row.Json = json;
            row.UpdatedAtMs = nowMs;
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>A provider's event (a Stripe webhook) already acted on: the same event again changes nothing.</summary>
public sealed class ProviderEventRecord
{
    public string Provider { get; set; } = "";

    public string EventId { get; set; } = "";

    public string Type { get; set; } = "";

    public long ReceivedAtMs { get; set; }
}

/// <summary>A slip picture, stored once however often it is sent (its SHA-256 names it).</summary>
public sealed class SlipRecord
{
    public string Sha256 { get; set; } = "";

    public string ContentType { get; set; } = "";

    public byte[] Bytes { get; set; } = [];

    public long StoredAtMs { get; set; }
}
