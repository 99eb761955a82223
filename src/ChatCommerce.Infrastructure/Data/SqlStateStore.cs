using ChatCommerce.Domain.Ports;
using Microsoft.EntityFrameworkCore;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>
/// Conversation state in the relational database, in every mode (Redis, when there is one, holds
/// only the conversation locks), read and written here outside turns; a turn's own state is loaded
/// and committed with its effects (<see cref="SqlTurnStore"/>). The version check is one
/// conditional UPDATE (or an INSERT that the primary key lets only one writer win). Its callers may
/// hold a transaction of their own (an owner's change to an order queues its notice inside it): its
/// statements run on <see cref="NestedContexts"/>.
/// </summary>
public sealed class SqlStateStore(NestedContexts contexts, TimeProvider time) : IConversationStateStore
{
    public async Task<VersionedState?> GetAsync(string key, CancellationToken cancellationToken)
    {
        await using var context = contexts.Create();
        var db = context.Db;
        var now = Now();
        var row = await db.States.AsNoTracking().FirstOrDefaultAsync(s => s.Key == key && s.ExpiresAtMs > now, cancellationToken);
        return row is null ? null : new VersionedState(row.Data, row.Version);
    }

    public async Task<IReadOnlyDictionary<string, VersionedState>> GetManyAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return new Dictionary<string, VersionedState>();
        }

        await using var context = contexts.Create();
        var db = context.Db;
        var now = Now();
        return await db.States.AsNoTracking()
            .Where(s => keys.Contains(s.Key) && s.ExpiresAtMs > now)
            .ToDictionaryAsync(s => s.Key, s => new VersionedState(s.Data, s.Version), cancellationToken);
    }

    public async Task<long?> TrySaveAsync(string key, string data, long expectedVersion, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        await using var context = contexts.Create();
        var db = context.Db;
        var now = Now();
        var expires = now + (long)timeToLive.TotalMilliseconds;
        if (expectedVersion > 0)
        {
            var updated = await db.States
                .Where(s => s.Key == key && s.Version == expectedVersion && s.ExpiresAtMs > now)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.Data, data).SetProperty(s => s.Version, expectedVersion + 1).SetProperty(s => s.ExpiresAtMs, expires), cancellationToken);
            return updated == 1 ? expectedVersion + 1 : null;
        }

        // Version 0: the state must not exist, or only as an expired leftover.
        var revived = await db.States
            .Where(s => s.Key == key && s.ExpiresAtMs <= now)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Data, data).SetProperty(s => s.Version, 1L).SetProperty(s => s.ExpiresAtMs, expires), cancellationToken);
        if (revived == 1)
        {
            return 1;
        }

        db.States.Add(new StateRecord { Key = key, Data = data, Version = 1, ExpiresAtMs = expires });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return 1;
        }
        catch (DbUpdateException)
        {
            return null;
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        await using var context = contexts.Create();
        var db = context.Db;
        await db.States.Where(s => s.Key == key).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Removes expired states; returns how many.</summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        await using var context = contexts.Create();
        var db = context.Db;
        var now = Now();
        return await db.States.Where(s => s.ExpiresAtMs <= now).ExecuteDeleteAsync(cancellationToken);
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
