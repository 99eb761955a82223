using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChatCommerce.Channels.Common;

/// <summary>
/// Request bodies for the platform APIs, written straight to UTF-8 (Thai stays three bytes a
/// letter instead of a six-byte escape; the bodies are never placed in HTML). Rendered messages
/// are written where they are, never copied into a new tree.
/// </summary>
public static class JsonBody
{
    /// <summary>How bodies are written: Thai and other letters as they are, only what JSON requires escaped.</summary>
    public static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly MediaTypeHeaderValue ApplicationJson = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");

    public static ByteArrayContent Of(JsonNode body) => Write(w => body.WriteTo(w));

    /// <summary>An object with one string property and an array of messages: <c>{"replyToken":…,"messages":[…]}</c>.</summary>
    public static ByteArrayContent WithMessages(string name, string value, IReadOnlyList<RenderedJson> messages) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString(name, value);
        WriteMessages(w, messages);
    });

    /// <summary>A body of a list of recipients and messages: <c>{"to":[…],"messages":[…]}</c> (LINE's multicast).</summary>
    public static ByteArrayContent WithMessages(string name, IReadOnlyList<string> values, IReadOnlyList<RenderedJson> messages) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
        WriteMessages(w, messages);
    });

    private static void WriteMessages(Utf8JsonWriter w, IReadOnlyList<RenderedJson> messages)
    {
        w.WriteStartArray("messages");
        foreach (var message in messages)
        {
            w.WriteRawValue(message.Utf8.Span, skipInputValidation: true);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

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
