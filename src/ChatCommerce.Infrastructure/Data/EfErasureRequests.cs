using System.Security.Cryptography;
using ChatCommerce.Domain.Customers;
using Microsoft.EntityFrameworkCore;

namespace ChatCommerce.Infrastructure.Data;

public sealed class EfErasureRequests(ChatCommerceDbContext db, DbWrites writes, TimeProvider clock) : IErasureRequests
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public async Task<ErasureRequest> CreateAsync(string source, string subjectId, CancellationToken cancellationToken)
    {
        var request = new ErasureRequest
        {
            ConfirmationCode = RandomNumberGenerator.GetString(Alphabet, 16),
            Source = source,
            SubjectId = subjectId,
            RequestedAtMs = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        await using var transaction = await writes.BeginAsync(cancellationToken);
        db.ErasureRequests.Add(request);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return request;
    }

    public Task<ErasureRequest?> GetAsync(long id, CancellationToken cancellationToken) =>
        db.ErasureRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);

    public Task<ErasureRequest?> FindAsync(string confirmationCode, CancellationToken cancellationToken) =>
        db.ErasureRequests.AsNoTracking().FirstOrDefaultAsync(r => r.ConfirmationCode == confirmationCode, cancellationToken);

    public async Task CompleteAsync(long id, string status, CancellationToken cancellationToken) =>
        await writes.ExecuteAsync(
            "UPDATE erasure_requests SET \"Status\"=@s, \"SubjectId\"=NULL, \"CompletedAtMs\"=@at WHERE \"Id\"=@id",
            cancellationToken,
            ("@s", status), ("@at", clock.GetUtcNow().ToUnixTimeMilliseconds()), ("@id", id));
}
