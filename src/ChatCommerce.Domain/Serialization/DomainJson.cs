using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Replies;

namespace ChatCommerce.Domain.Serialization;

/// <summary>Source-generated JSON for what the domain stores: inbound events and replies.</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InboundEvent))]
[JsonSerializable(typeof(List<OutboundMessage>))]
public sealed partial class DomainJson : JsonSerializerContext
{
    /// <summary>
    /// What the database is given: Thai written as UTF-8, three bytes a letter, where the default
    /// writes a six-byte <c>\uXXXX</c> escape (a stored event's raw JSON and text, an outbox row's
    /// replies: most of their bytes). Rows are never put into a page as they are; reading takes
    /// either form, so rows written before read the same.
    /// </summary>
    public static DomainJson Stored => StoredContext.Instance;

    // Its own class, so that it is made at first use, after Default (the order of static
    // initialisers across a partial class's files is not defined).
    private static class StoredContext
    {
        public static readonly DomainJson Instance = new(new JsonSerializerOptions(Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
