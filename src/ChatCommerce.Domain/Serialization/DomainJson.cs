using System.Text.Json.Serialization;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Replies;

namespace ChatCommerce.Domain.Serialization;

/// <summary>Source-generated JSON for what the domain stores: inbound events and replies.</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InboundEvent))]
[JsonSerializable(typeof(List<OutboundMessage>))]
public sealed partial class DomainJson : JsonSerializerContext;
