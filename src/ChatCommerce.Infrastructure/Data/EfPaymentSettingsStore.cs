using System.Text.Json;
using ChatCommerce.Domain.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>
/// The shop's payment settings: what the owner saved through the API, else what configuration
/// says. Stored as one JSON row, so a later setting is one more property, not a migration.
/// </summary>
public sealed class EfPaymentSettingsStore(ChatCommerceDbContext db, DbWrites writes, IOptionsMonitor<PaymentOptions> options, TimeProvider clock) : IPaymentSettingsStore
{
    public const string Key = "payments";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<PaymentSettings> GetAsync(CancellationToken cancellationToken)
    {
        var row = await db.Settings.AsNoTracking().FirstOrDefaultAsync(s => s.Key == Key, cancellationToken);
        return row is not null && JsonSerializer.Deserialize<PaymentSettings>(row.Json, Json) is { } saved
            ? saved
            : options.CurrentValue.ToSettings();
    }

    public async Task SaveAsync(PaymentSettings settings, CancellationToken cancellationToken)
    {
        await using var transaction = await writes.BeginAsync(cancellationToken);
        var json = JsonSerializer.Serialize(settings, Json);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var row = await db.Settings.FirstOrDefaultAsync(s => s.Key == Key, cancellationToken);
        if (row is null)
        {
            db.Settings.Add(new SettingRecord { Key = Key, Json = json, UpdatedAtMs = now });
        }
        else
        {
            row.Json = json;
            row.UpdatedAtMs = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
