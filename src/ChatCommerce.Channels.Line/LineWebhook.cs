using ChatCommerce.Domain.Messaging;

namespace ChatCommerce.Channels.Line;

/// <summary>A parsed LINE webhook body. No events means LINE's "verify" call.</summary>
public sealed record LineWebhook(string? Destination, IReadOnlyList<InboundEvent> Events);
