using ChatCommerce.Conversations.Contacts;
using ChatCommerce.Domain.Messaging;
using Microsoft.EntityFrameworkCore;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>Reads contacts; turns write them with the rest of their effects (<see cref="SqlTurnStore"/>).</summary>
public sealed class EfContactDirectory(ChatCommerceDbContext db) : IContactDirectory
{
    public async Task<ContactInfo?> FindAsync(Channel channel, string userId, CancellationToken cancellationToken)
    {
        var name = channel.Name();
        var record = await db.Contacts.AsNoTracking().FirstOrDefaultAsync(x => x.Channel == name && x.UserId == userId, cancellationToken);
        var customer = record?.CustomerId is { } id ? await db.Customers.Where(c => c.Id == id).Select(c => new { c.OrderCount, c.Tier, c.Segment }).FirstOrDefaultAsync(cancellationToken) : null;
        return record is null ? null : new ContactInfo(
            channel,
            record.UserId,
            record.DisplayName,
            record.Language,
            record.LastUserMessageAtMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null,
            record.IsFollowing,
            record.HasProfile,
            record.CustomerId,
            customer?.OrderCount ?? 0,
            customer?.Tier,
            customer?.Segment);
    }
}
