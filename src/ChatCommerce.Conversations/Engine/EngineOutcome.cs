using ChatCommerce.Domain.Replies;

namespace ChatCommerce.Conversations.Engine;

/// <summary>What one turn through the engine produced.</summary>
public sealed record EngineOutcome(DialogStack Stack, IReadOnlyList<OutboundMessage> Replies, bool HandToStaff, Domain.Orders.Basket Basket);
