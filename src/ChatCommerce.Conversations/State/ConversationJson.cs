using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatCommerce.Conversations.State;

[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
[JsonSerializable(typeof(ConversationState))]
public sealed partial class ConversationJson : JsonSerializerContext
{
    /// <summary>What the database is given: Thai as UTF-8, not escaped (as <c>DomainJson.Stored</c>); reading takes either form.</summary>
    public static ConversationJson Stored => StoredContext.Instance;

    // Its own class, so that it is made at first use, after Default (the order of static
    // initialisers across a partial class's files is not defined).
    private static class StoredContext
    {
        public static readonly ConversationJson Instance = new(new JsonSerializerOptions(Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
