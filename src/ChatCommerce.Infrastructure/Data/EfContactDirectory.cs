using ChatCommerce.Conversations.Contacts;
using ChatCommerce.Domain.Messaging;
using Microsoft.EntityFrameworkCore;

namespace ChatCommerce.Infrastructure.Data;

public sealed class EfContactDirectory(ChatCommerceDbContext db, TimeProvider time) : IContactDirectory
{
    public async Task<ContactInfo> TouchAsync(InboundEvent inbound, CancellationToken cancellationToken)
    {
        var channel = inbound.Channel.ToString();
        var userId = inbound.SenderId ?? throw new ArgumentException("The event names no user.", nameof(inbound));
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var record = await db.Contacts.FirstOrDefaultAsync(x => x.Channel == channel && x.UserId == userId, cancellationToken);
        if (record is null)
        {
            record = new ContactRecord { Channel = channel, UserId = userId, FirstSeenAtMs = now };
            db.Contacts.Add(record);
        }

        // Messenger's 24-hour window opens with what the shopper sends (messages and postbacks).
        if (!inbound.IsStandby && inbound.Kind is InboundEventKind.Message or InboundEventKind.Postback)
        {
            record.LastUserMessageAtMs = Math.Max(record.LastUserMessageAtMs ?? 0, inbound.Timestamp.ToUnixTimeMilliseconds());
        }

        record.IsFollowing = inbound.Kind switch
        {
            InboundEventKind.Follow => true,
            InboundEventKind.Unfollow => false,
            _ => record.IsFollowing,
        };
        record.UpdatedAtMs = now;
        await db.SaveChangesAsync(cancellationToken);
        return ToInfo(record);
    }

    public async Task<ContactInfo?> FindAsync(Channel channel, string userId, CancellationToken cancellationToken)
    {
        var name = channel.ToString();
        var record = await db.Contacts.AsNoTracking().FirstOrDefaultAsync(x => x.Channel == name && x.UserId == userId, cancellationToken);
        return record is null ? null : ToInfo(record);
    }

    public async Task SetProfileAsync(Channel channel, string userId, string displayName, string? language, CancellationToken cancellationToken)
    {
        var name = channel.ToString();
        var trimmedName = displayName.Length > 200 ? displayName[..200] : displayName;
        var trimmedLanguage = language is { Length: > 20 } ? language[..20] : language;
        await db.Contacts.Where(x => x.Channel == name && x.UserId == userId).ExecuteUpdateAsync(
            s => s.SetProperty(x => x.DisplayName, trimmedName).SetProperty(x => x.Language, trimmedLanguage).SetProperty(x => x.HasProfile, true),
            cancellationToken);
    }

    private static ContactInfo ToInfo(ContactRecord record) => new(
        Enum.Parse<Channel>(record.Channel),
        record.UserId,
        record.DisplayName,
        record.Language,
        record.LastUserMessageAtMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null,
        record.IsFollowing,
        record.HasProfile);
}
