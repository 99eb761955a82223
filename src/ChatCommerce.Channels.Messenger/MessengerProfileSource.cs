using ChatCommerce.Domain.Messaging;

namespace ChatCommerce.Channels.Messenger;

/// <summary>Who a Messenger user is: first name, picture, and language from the locale ("th_TH" → th) when the page may read it.</summary>
public sealed class MessengerProfileSource(MessengerApiClient client) : IProfileSource
{
    public Channel Channel => Channel.Messenger;

    public async Task<PlatformProfile?> GetAsync(string userId, CancellationToken cancellationToken)
    {
        if (await client.GetUserProfileAsync(userId, cancellationToken) is not { } profile)
        {
            return null;
        }

        var name = profile.FirstName.Length > 0 ? profile.FirstName : profile.LastName;
        var language = profile.Locale is { Length: >= 2 } locale ? locale[..2].ToLowerInvariant() : null;
        return new PlatformProfile(name, language, profile.Picture);
    }
}
