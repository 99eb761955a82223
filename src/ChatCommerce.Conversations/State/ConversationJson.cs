using System.Text.Json.Serialization;

namespace ChatCommerce.Conversations.State;

[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
[JsonSerializable(typeof(ConversationState))]
public sealed partial class ConversationJson : JsonSerializerContext;
