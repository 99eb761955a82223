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
}
