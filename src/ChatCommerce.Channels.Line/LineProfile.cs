namespace ChatCommerce.Channels.Line;

public sealed record LineProfile(string UserId, string DisplayName, string? PictureUrl, string? StatusMessage, string? Language);
