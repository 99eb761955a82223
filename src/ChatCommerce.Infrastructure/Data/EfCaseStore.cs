using ChatCommerce.Domain.Cases;
using Microsoft.EntityFrameworkCore;

namespace ChatCommerce.Infrastructure.Data;

public sealed class EfCaseStore(ChatCommerceDbContext db, DbWrites writes, TimeProvider clock) : ICaseStore
{
    public async Task<ServiceCase> OpenAsync(ServiceCase serviceCase, CancellationToken cancellationToken)
    {
        await using var transaction = await writes.BeginAsync(cancellationToken);
        serviceCase.CreatedAtMs = serviceCase.UpdatedAtMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
        serviceCase.Text = Sql.Cut(serviceCase.Text, 1000);
        db.Cases.Add(serviceCase);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return serviceCase;
    }

    public async Task<IReadOnlyList<ServiceCase>> ForConversationAsync(string conversation, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var from = since.ToUnixTimeMilliseconds();
        return await db.Cases.AsNoTracking().Where(c => c.Conversation == conversation && c.CreatedAtMs >= from).OrderByDescending(c => c.Id).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ServiceCase>> ListAsync(CaseStatus? status, int skip, int take, CancellationToken cancellationToken) =>
        await db.Cases.AsNoTracking()
            .Where(c => status == null || c.Status == status)
            // Severity is stored by name: rank it explicitly, most severe first.
            .OrderBy(c => c.Severity == CaseSeverity.High ? 0 : c.Severity == CaseSeverity.Medium ? 1 : 2).ThenBy(c => c.DueAtMs).ThenBy(c => c.Id)
            .Skip(skip).Take(take)
            .ToListAsync(cancellationToken);

    public async Task<ServiceCase?> FindAsync(long id, CancellationToken cancellationToken) =>
        await db.Cases.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);

    public async Task<IReadOnlyList<ServiceCase>> OpenOfConversationAsync(string conversation, CancellationToken cancellationToken) =>
        (await db.Cases.Where(c => c.Conversation == conversation && c.Status != CaseStatus.Resolved).ToListAsync(cancellationToken))
            .OrderByDescending(c => c.Severity).ThenBy(c => c.DueAtMs).ToList();

    public async Task<IReadOnlyList<ServiceCase>> OpenOfConversationsAsync(IReadOnlyCollection<string> conversations, CancellationToken cancellationToken) =>
        conversations.Count == 0 ? [] : await db.Cases.AsNoTracking().Where(c => conversations.Contains(c.Conversation) && c.Status != CaseStatus.Resolved).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<ServiceCase>> ResolvedSinceAsync(long sinceMs, int take, CancellationToken cancellationToken) =>
        await db.Cases.AsNoTracking().Where(c => c.Status == CaseStatus.Resolved && c.ResolvedAtMs >= sinceMs).OrderByDescending(c => c.ResolvedAtMs).Take(take).ToListAsync(cancellationToken);

    public async Task SaveAsync(ServiceCase serviceCase, CaseEvent? happened, CancellationToken cancellationToken)
    {
        await using var transaction = await writes.BeginAsync(cancellationToken);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (db.Entry(serviceCase).State == EntityState.Detached)
        {
            db.Cases.Update(serviceCase);
        }

        serviceCase.UpdatedAtMs = now;
        if (happened is not null)
        {
            happened.CaseId = serviceCase.Id;
            happened.AtMs = happened.AtMs == 0 ? now : happened.AtMs;
            happened.Text = Sql.CutOrNull(happened.Text, 2000);
            db.CaseEvents.Add(happened);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<CaseEvent>> EventsAsync(long caseId, CancellationToken cancellationToken) =>
        await db.CaseEvents.AsNoTracking().Where(e => e.CaseId == caseId).OrderBy(e => e.Id).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<ServiceCase>> AwaitingCsatAsync(long resolvedBeforeMs, int take, CancellationToken cancellationToken) =>
        await db.Cases.Where(c => c.Status == CaseStatus.Resolved && c.CsatAskedAtMs == null && c.ResolvedAtMs != null && c.ResolvedAtMs <= resolvedBeforeMs)
            .OrderBy(c => c.ResolvedAtMs).Take(take).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<ServiceCase>> BreachedAsync(long nowMs, int take, CancellationToken cancellationToken) =>
        await db.Cases.Where(c => c.Status != CaseStatus.Resolved && c.DueAtMs <= nowMs && c.FirstResponseAtMs == null && c.BreachNotifiedAtMs == null)
            .OrderBy(c => c.DueAtMs).Take(take).ToListAsync(cancellationToken);
}
