using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChatCommerce.Channels.Common;

/// <summary>
/// Request bodies for the platform APIs, written straight to UTF-8 (Thai stays three bytes a
/// letter instead of a six-byte escape; the bodies are never placed in HTML). Rendered messages
/// are placed in the body as rendered, never parsed into a tree.
/// </summary>
public static class JsonBody
{
    /// <summary>How bodies are written: Thai and other letters as they are, only what JSON requires escaped.</summary>
    public static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly MediaTypeHeaderValue ApplicationJson = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");

    public static ByteArrayContent Of(JsonNode body) => Write(w => body.WriteTo(w));

    /// <summary>An object whose properties <paramref name="properties"/> writes.</summary>
    public static ByteArrayContent Object(Action<Utf8JsonWriter> properties) => Write(w =>
    {
        w.WriteStartObject();
        properties(w);
        w.WriteEndObject();
    });

    /// <summary>An object with one string property and an array of messages: <c>{"replyToken":…,"messages":[…]}</c>.</summary>
    public static ByteArrayContent WithMessages(string name, string value, IReadOnlyList<RenderedJson> messages) => Joined(w => w.WriteString(name, value), messages);

    /// <summary>A body of a list of recipients and messages: <c>{"to":[…],"messages":[…]}</c> (LINE's multicast).</summary>
    public static ByteArrayContent WithMessages(string name, IReadOnlyList<string> values, IReadOnlyList<RenderedJson> messages) => Joined(w =>
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }, messages);

    /// <summary>
    /// The object's other properties, then <c>"messages":[…]</c> with each rendered message placed
    /// as it is, written whole into the thread's buffer and copied out once. One array on purpose:
    /// sent as separate pieces (the head, each message, each comma) a body left the host in more
    /// writes to the connection, 0.4 more a turn in the bench, and the platform side paid for each
    /// (see docs/throughput.md, "Bodies in one array again").
    /// </summary>
    private static ByteArrayContent Joined(Action<Utf8JsonWriter> head, IReadOnlyList<RenderedJson> messages) => Object(w =>
    {
        head(w);
        w.WriteStartArray("messages");
        foreach (var message in messages)
        {
            w.WriteRawValue(message.Utf8.Span, skipInputValidation: true);
        }

        w.WriteEndArray();
    });

    private static ByteArrayContent Write(Action<Utf8JsonWriter> write)
    {
        var buffer = ScratchBuffer.Take();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            write(writer);
        }

        var content = new ByteArrayContent(buffer.WrittenSpan.ToArray());
        ScratchBuffer.GiveBack(buffer);
        content.Headers.ContentType = ApplicationJson;
        return content;
    }
}
