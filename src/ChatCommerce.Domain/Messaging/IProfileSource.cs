namespace ChatCommerce.Domain.Messaging;

/// <summary>Asks a platform who a user is (LINE's profile API).</summary>
public interface IProfileSource
{
    Channel Channel { get; }

    Task<PlatformProfile?> GetAsync(string userId, CancellationToken cancellationToken);
}

public sealed record PlatformProfile(string DisplayName, string? Language, string? PictureUrl = null);
