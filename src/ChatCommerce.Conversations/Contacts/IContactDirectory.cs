using ChatCommerce.Domain.Messaging;

namespace ChatCommerce.Conversations.Contacts;

/// <summary>Channel identities and what each event tells about them (last message time, follow state).</summary>
public interface IContactDirectory
{
    /// <summary>Creates or updates the contact the event comes from and returns it.</summary>
    Task<ContactInfo> TouchAsync(InboundEvent inbound, CancellationToken cancellationToken);

    Task<ContactInfo?> FindAsync(Channel channel, string userId, CancellationToken cancellationToken);

    Task SetProfileAsync(Channel channel, string userId, string displayName, string? language, CancellationToken cancellationToken);
}
