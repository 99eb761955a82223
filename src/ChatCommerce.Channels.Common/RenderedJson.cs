using System.Text;

namespace ChatCommerce.Channels.Common;

/// <summary>
/// A JSON value written already, as UTF-8 escaped the way request bodies are (<see cref="JsonBody"/>):
/// a rendered message is placed into its request body as it is, never parsed or copied into a tree.
/// </summary>
public readonly record struct RenderedJson(ReadOnlyMemory<byte> Utf8)
{
    public override string ToString() => Encoding.UTF8.GetString(Utf8.Span);

    /// <summary>
    /// Values written one after another into a thread's buffer (<see cref="ScratchBuffer"/>), each
    /// ending where <paramref name="ends"/> says: copied out into one array of their size, the
    /// buffer given back, and each value a slice of that array.
    /// </summary>
    public static RenderedJson[] CopyOut(System.Buffers.ArrayBufferWriter<byte> buffer, IReadOnlyList<int> ends)
    {
        ReadOnlyMemory<byte> written = buffer.WrittenSpan.ToArray();
        ScratchBuffer.GiveBack(buffer);
        var values = new RenderedJson[ends.Count];
        var start = 0;
        for (var i = 0; i < ends.Count; i++)
        {
            values[i] = new RenderedJson(written[start..ends[i]]);
            start = ends[i];
        }

        return values;
    }
}
