using ChatCommerce.Domain.Payments;
using Microsoft.EntityFrameworkCore;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>Payment attempts and their history in the relational database.</summary>
public sealed class EfPaymentStore(ChatCommerceDbContext db, DbWrites writes, TimeProvider clock) : IPaymentStore
{
    public async Task<PaymentAttempt> AddAsync(PaymentAttempt attempt, string actor, CancellationToken cancellationToken)
    {
        await using var transaction = await writes.BeginAsync(cancellationToken);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        attempt.CreatedAtMs = attempt.UpdatedAtMs = now;
        attempt.Note = Sql.CutOrNull(attempt.Note, 500);
        attempt.History.Add(new PaymentHistoryEntry { Status = attempt.Status, Actor = actor, Note = attempt.Note, AtMs = now });
        db.Payments.Add(attempt);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return attempt;
    }

    public async Task ChangeAsync(PaymentAttempt attempt, PaymentStatus status, string actor, string? note, CancellationToken cancellationToken)
    {
        await using var transaction = await writes.BeginAsync(cancellationToken);
        var tracked = Tracked(attempt);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        tracked.Status = status;
        tracked.Note = Sql.CutOrNull(note, 500) ?? tracked.Note;
        tracked.UpdatedAtMs = now;
        db.PaymentHistory.Add(new PaymentHistoryEntry { PaymentId = tracked.Id, Status = status, Actor = actor, Note = Sql.CutOrNull(note, 500), AtMs = now });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (!ReferenceEquals(tracked, attempt))
        {
            attempt.Status = tracked.Status;
            attempt.Note = tracked.Note;
            attempt.UpdatedAtMs = now;
        }
    }

    public async Task SaveAsync(PaymentAttempt attempt, CancellationToken cancellationToken)
    {
        await using var transaction = await writes.BeginAsync(cancellationToken);
        Tracked(attempt).UpdatedAtMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public Task<PaymentAttempt?> GetAsync(long id, CancellationToken cancellationToken) =>
        db.Payments.Include(p => p.History).FirstOrDefaultAsync(p => p.Id == id, cancellationToken);

    public async Task<IReadOnlyList<PaymentAttempt>> ForOrderAsync(long orderId, CancellationToken cancellationToken) =>
        await db.Payments.Include(p => p.History).Where(p => p.OrderId == orderId).OrderBy(p => p.Id).ToListAsync(cancellationToken);

    public Task<PaymentAttempt?> FindByTokenAsync(string publicToken, CancellationToken cancellationToken) =>
        db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.PublicToken == publicToken, cancellationToken);

    public async Task<IReadOnlyList<PaymentAttempt>> WithSlipAsync(string sha256, CancellationToken cancellationToken) =>
        await db.Payments.AsNoTracking().Where(p => p.SlipSha256 == sha256).OrderBy(p => p.Id).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<PaymentAttempt>> WithReferenceAsync(string reference, CancellationToken cancellationToken) =>
        await db.Payments.AsNoTracking().Where(p => p.Reference == reference).OrderBy(p => p.Id).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<PaymentAttempt>> ListAsync(PaymentStatus? status, int skip, int take, CancellationToken cancellationToken) =>
        await db.Payments.AsNoTracking().Include(p => p.History)
            .Where(p => status == null || p.Status == status)
            .OrderBy(p => p.Id)
            .Skip(skip).Take(take)
            .ToListAsync(cancellationToken);

    public async Task StoreSlipAsync(string sha256, MediaContent slip, CancellationToken cancellationToken) =>
        await writes.ExecuteAsync(
            "INSERT INTO slips (\"Sha256\", \"ContentType\", \"Bytes\", \"StoredAtMs\") VALUES (@h, @t, @b, @at) ON CONFLICT DO NOTHING",
            cancellationToken, ("@h", sha256), ("@t", Sql.Cut(slip.ContentType, 64)), ("@b", slip.Bytes), ("@at", clock.GetUtcNow().ToUnixTimeMilliseconds()));

    public async Task<MediaContent?> SlipAsync(string sha256, CancellationToken cancellationToken) =>
        await db.Slips.AsNoTracking().Where(s => s.Sha256 == sha256).Select(s => new MediaContent(s.Bytes, s.ContentType)).FirstOrDefaultAsync(cancellationToken);

    public async Task<bool> FirstTimeAsync(string provider, string eventId, string type, CancellationToken cancellationToken)
    {
        // Inside the caller's transaction: the row commits with what the event did, or not at all.
        var inserted = await writes.ExecuteAsync(
            "INSERT INTO provider_events (\"Provider\", \"EventId\", \"Type\", \"ReceivedAtMs\") VALUES (@p, @e, @t, @at) ON CONFLICT DO NOTHING",
            cancellationToken, ("@p", provider), ("@e", Sql.Cut(eventId, 200)), ("@t", Sql.Cut(type, 100)), ("@at", clock.GetUtcNow().ToUnixTimeMilliseconds()));
        return inserted == 1;
    }

    /// <summary>The tracked instance of an attempt (it may come from another query of this scope).</summary>
    private PaymentAttempt Tracked(PaymentAttempt attempt)
    {
        var entry = db.ChangeTracker.Entries<PaymentAttempt>().FirstOrDefault(e => e.Entity.Id == attempt.Id);
        if (entry is not null)
        {
            if (!ReferenceEquals(entry.Entity, attempt))
            {
                db.Entry(entry.Entity).CurrentValues.SetValues(attempt);
            }

            return entry.Entity;
        }

        db.Payments.Attach(attempt);
        db.Entry(attempt).State = EntityState.Modified;
        return attempt;
    }
}
