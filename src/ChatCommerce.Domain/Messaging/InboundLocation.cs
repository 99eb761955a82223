namespace ChatCommerce.Domain.Messaging;

public sealed record InboundLocation(string? Title, string? Address, double Latitude, double Longitude);
