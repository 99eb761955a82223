using System.Buffers;
using System.Text.Json;

namespace ChatCommerce.Channels.Common;

/// <summary>
/// A turn's messages written one after another into the thread's buffer (<see cref="ScratchBuffer"/>)
/// as the request bodies carry them (<see cref="JsonBody.Options"/>), then copied out once into one
/// array of their size, each message a slice of it. Both channels' renderers write through it.
/// </summary>
public sealed class RenderedJsonWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = ScratchBuffer.Take();
    private readonly List<int> _ends = [];

    public RenderedJsonWriter() => Writer = new Utf8JsonWriter(_buffer, JsonBody.Options);

    public Utf8JsonWriter Writer { get; }

    /// <summary>The message written since the last one is complete: the next starts after it.</summary>
    public void EndMessage()
    {
        Writer.Flush();
        _ends.Add(_buffer.WrittenCount);
        Writer.Reset();
    }

    /// <summary>The messages, copied out of the thread's buffer (given back) into one array of their size.</summary>
    public IReadOnlyList<RenderedJson> Messages()
    {
        Writer.Dispose();
        ReadOnlyMemory<byte> written = _buffer.WrittenSpan.ToArray();
        ScratchBuffer.GiveBack(_buffer);
        var messages = new RenderedJson[_ends.Count];
        var start = 0;
        for (var i = 0; i < _ends.Count; i++)
        {
            messages[i] = new RenderedJson(written[start.._ends[i]]);
            start = _ends[i];
        }

        return messages;
    }
}
