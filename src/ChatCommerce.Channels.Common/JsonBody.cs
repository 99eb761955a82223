using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChatCommerce.Channels.Common;

/// <summary>
/// Request bodies for the platform APIs, written straight to UTF-8 (Thai stays three bytes a
/// letter instead of a six-byte escape; the bodies are never placed in HTML). Rendered messages
/// are sent from where they were rendered, never parsed into a tree or copied into the body.
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
    public static HttpContent WithMessages(string name, string value, IReadOnlyList<RenderedJson> messages) => Joined(w => w.WriteString(name, value), messages);

    /// <summary>A body of a list of recipients and messages: <c>{"to":[…],"messages":[…]}</c> (LINE's multicast).</summary>
    public static HttpContent WithMessages(string name, IReadOnlyList<string> values, IReadOnlyList<RenderedJson> messages) => Joined(w =>
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }, messages);

    /// <summary>
    /// The object's head (its other properties and <c>"messages":[</c>) is written and copied out;
    /// the rendered messages follow it on the wire where they already are, not copied into the body.
    /// </summary>
    private static JoinedContent Joined(Action<Utf8JsonWriter> head, IReadOnlyList<RenderedJson> messages)
    {
        var buffer = ScratchBuffer.Take();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            head(writer);
            writer.WriteStartArray("messages");
        }

        // The head, each message with a comma before all but the first, and the end.
        var parts = new ReadOnlyMemory<byte>[2 * messages.Count + 2];
        parts[0] = buffer.WrittenSpan.ToArray();
        ScratchBuffer.GiveBack(buffer);
        var at = 1;
        for (var i = 0; i < messages.Count; i++)
        {
            if (i > 0)
            {
                parts[at++] = Comma;
            }

            parts[at++] = messages[i].Utf8;
        }

        parts[at] = End;
        var content = new JoinedContent(parts.AsMemory(0, at + 1));
        content.Headers.ContentType = ApplicationJson;
        return content;
    }

    private static readonly byte[] Comma = ","u8.ToArray();
    private static readonly byte[] End = "]}"u8.ToArray();

    /// <summary>A body that is byte ranges sent one after another, as often as the request is sent.</summary>
    private sealed class JoinedContent(ReadOnlyMemory<ReadOnlyMemory<byte>> parts) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context, CancellationToken cancellationToken)
        {
            for (var i = 0; i < parts.Length; i++)
            {
                await stream.WriteAsync(parts.Span[i], cancellationToken);
            }
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override void SerializeToStream(Stream stream, System.Net.TransportContext? context, CancellationToken cancellationToken)
        {
            foreach (var part in parts.Span)
            {
                stream.Write(part.Span);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            foreach (var part in parts.Span)
            {
                length += part.Length;
            }

            return true;
        }
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
