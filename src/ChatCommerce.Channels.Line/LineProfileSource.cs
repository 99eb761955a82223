using ChatCommerce.Channels.Common;
using ChatCommerce.Domain.Messaging;
using Microsoft.Extensions.Logging;

namespace ChatCommerce.Channels.Line;

/// <summary>Who a LINE user is, from the profile API (display name and language).</summary>
public sealed class LineProfileSource(LineApiClient client, ILogger<LineProfileSource> logger) : IProfileSource
{
    public Channel Channel => Channel.Line;

    public async Task<PlatformProfile?> GetAsync(string userId, CancellationToken cancellationToken)
    {
        try
        {
            var profile = await client.GetProfileAsync(userId, cancellationToken);
            return profile is null ? null : new PlatformProfile(profile.DisplayName, profile.Language, profile.PictureUrl);
        }
        catch (PlatformApiException ex)
        {
            logger.LogWarning("LINE profile of {User} not available: {Status} request id {RequestId}", userId, (int)ex.Status, ex.RequestId);
            return null;
        }
        catch (Exception ex) when (PlatformResilience.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("LINE profile of {User} not available: {Error}", userId, ex.Message);
            return null;
        }
    }
}
