using ChatCommerce.Domain.Staff;
using Microsoft.EntityFrameworkCore;

namespace ChatCommerce.Infrastructure.Data;

public sealed class EfConsoleAccounts(ChatCommerceDbContext db, DbWrites writes) : IConsoleAccounts
{
    public async Task<ConsoleAccount?> FindAsync(long id, CancellationToken cancellationToken) =>
        await db.ConsoleAccounts.FirstOrDefaultAsync(a => a.Id == id, cancellationToken);

    public async Task<ConsoleAccount?> FindByEmailAsync(string email, CancellationToken cancellationToken)
    {
        var normal = ConsoleAccount.Normalize(email);
        return await db.ConsoleAccounts.FirstOrDefaultAsync(a => a.Email == normal, cancellationToken);
    }

    public async Task<IReadOnlyList<ConsoleAccount>> ListAsync(CancellationToken cancellationToken) =>
        await db.ConsoleAccounts.AsNoTracking().OrderBy(a => a.Email).ToListAsync(cancellationToken);

    public Task<bool> AnyOwnerAsync(CancellationToken cancellationToken) =>
        db.ConsoleAccounts.AnyAsync(a => a.Role == ConsoleRoles.Owner && !a.Disabled, cancellationToken);

    public async Task<bool> AddAsync(ConsoleAccount account, CancellationToken cancellationToken)
    {
        account.Email = ConsoleAccount.Normalize(account.Email);
        await using var transaction = await writes.BeginAsync(cancellationToken);
        if (await db.ConsoleAccounts.AnyAsync(a => a.Email == account.Email, cancellationToken))
        {
            return false;
        }

        db.ConsoleAccounts.Add(account);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task SaveAsync(ConsoleAccount account, CancellationToken cancellationToken)
    {
        await using var transaction = await writes.BeginAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}

public sealed class EfAuditLog(ChatCommerceDbContext db, DbWrites writes, TimeProvider clock) : IAuditLog
{
    public async Task AppendAsync(string actor, string action, string subject, string? detail, CancellationToken cancellationToken)
    {
        await using var transaction = await writes.BeginAsync(cancellationToken);
        db.AuditLog.Add(new AuditEntry
        {
            AtMs = clock.GetUtcNow().ToUnixTimeMilliseconds(),
            Actor = Sql.Cut(actor, 120),
            Action = Sql.Cut(action, 32),
            Subject = Sql.Cut(subject, 300),
            Detail = Sql.CutOrNull(detail, 1000),
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string? subject, int skip, int take, CancellationToken cancellationToken) =>
        await db.AuditLog.AsNoTracking()
            .Where(e => subject == null || e.Subject == subject)
            .OrderByDescending(e => e.Id).Skip(skip).Take(take)
            .ToListAsync(cancellationToken);
}

public sealed class EfStaffNotes(ChatCommerceDbContext db, DbWrites writes, TimeProvider clock) : IStaffNotes
{
    public async Task<StaffNote> AddAsync(string conversation, string author, string text, CancellationToken cancellationToken)
    {
        var note = new StaffNote { Conversation = conversation, Author = Sql.Cut(author, 120), Text = Sql.Cut(text, 2000), AtMs = clock.GetUtcNow().ToUnixTimeMilliseconds() };
        await using var transaction = await writes.BeginAsync(cancellationToken);
        db.StaffNotes.Add(note);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return note;
    }

    public async Task<IReadOnlyList<StaffNote>> ForConversationAsync(string conversation, CancellationToken cancellationToken) =>
        await db.StaffNotes.AsNoTracking().Where(n => n.Conversation == conversation).OrderBy(n => n.Id).ToListAsync(cancellationToken);
}
