using System.Text.Json;
using ChatCommerce.Domain.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>
/// The shop's payment settings: what the owner saved through the API, else what configuration
/// says. Stored as one JSON row, so a later setting is one more property, not a migration. Read
/// at most every few seconds per instance (checkout asks at every step); a save here is seen at once.
/// </summary>
public sealed class EfPaymentSettingsStore(ChatCommerceDbContext db, DbWrites writes, IOptionsMonitor<PaymentOptions> options, PaymentSettingsCache cache, TimeProvider clock) : IPaymentSettingsStore
{
    public const string Key = "payments";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<PaymentSettings> GetAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (cache.Fresh(now) is { } known)
        {
            return known;
        }

        var row = await db.Settings.AsNoTracking().FirstOrDefaultAsync(s => s.Key == Key, cancellationToken);
        var settings = row is not null && JsonSerializer.Deserialize<PaymentSettings>(row.Json, Json) is { } saved
            ? saved
            : options.CurrentValue.ToSettings();
        cache.Keep(settings, now);
        return settings;
    }

    public async Task SaveAsync(PaymentSettings settings, CancellationToken cancellationToken)
    {
        await using var transaction = await writes.BeginAsync(cancellationToken);
        await SettingRows.SaveAsync(db, Key, JsonSerializer.Serialize(settings, Json), clock.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        cache.Forget();
    }
}

/// <summary>The payment settings last read by this instance, for a few seconds (configuration changes forget them too).</summary>
public sealed class PaymentSettingsCache
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private Entry? _last;

    public PaymentSettingsCache(IOptionsMonitor<PaymentOptions> options) => options.OnChange(_ => Forget());

    public PaymentSettings? Fresh(DateTimeOffset now) => Volatile.Read(ref _last) is { } last && now - last.ReadAt < Lifetime ? last.Settings : null;

    public void Keep(PaymentSettings settings, DateTimeOffset at) => Volatile.Write(ref _last, new Entry(settings, at));

    public void Forget() => Volatile.Write(ref _last, null);

    private sealed record Entry(PaymentSettings Settings, DateTimeOffset ReadAt);
}
