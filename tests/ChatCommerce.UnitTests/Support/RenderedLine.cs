using System.Text.Json.Nodes;
using ChatCommerce.Channels.Line;
using ChatCommerce.Domain.Replies;

namespace ChatCommerce.UnitTests.Support;

/// <summary>LINE's rendered messages parsed back from the bytes that would be sent, for assertions.</summary>
public static class RenderedLine
{
    public static List<JsonObject> Of(IReadOnlyList<OutboundMessage> messages) =>
        [.. LineMessageRenderer.Render(messages).Select(m => JsonNode.Parse(m.Utf8.Span)!.AsObject())];
}
