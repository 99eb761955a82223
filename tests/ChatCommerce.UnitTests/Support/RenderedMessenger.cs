using System.Text.Json.Nodes;
using ChatCommerce.Channels.Messenger;
using ChatCommerce.Domain.Replies;

namespace ChatCommerce.UnitTests.Support;

/// <summary>Messenger's rendered messages, parsed for assertions.</summary>
public static class RenderedMessenger
{
    public static List<JsonObject> Of(IReadOnlyList<OutboundMessage> messages, string? seed = null) =>
        [.. MessengerMessageRenderer.Render(messages, seed).Select(m => JsonNode.Parse(m.Utf8.Span)!.AsObject())];
}
