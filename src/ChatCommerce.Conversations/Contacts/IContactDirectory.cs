using ChatCommerce.Domain.Messaging;

namespace ChatCommerce.Conversations.Contacts;

/// <summary>Channel identities and what events told about them (last message time, follow state, profile).</summary>
public interface IContactDirectory
{
    Task<ContactInfo?> FindAsync(Channel channel, string userId, CancellationToken cancellationToken);
}
