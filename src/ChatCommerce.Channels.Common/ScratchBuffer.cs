using System.Buffers;

namespace ChatCommerce.Channels.Common;

/// <summary>
/// One growable buffer a thread keeps for writing a request body or a turn's rendered messages,
/// which are then copied out once at their exact size. A new buffer for each write doubles its way
/// up from a small start and leaves every smaller one behind: rendering a reply with a ten-bubble
/// carousel and writing its body allocated 67 KB that way, 29 KB with this (see the benchmarks'
/// README). For synchronous writes only: take, write, copy out and give back with no await between.
/// </summary>
public static class ScratchBuffer
{
    /// <summary>Larger buffers (a body far over any platform's limit) are left to the collector, not kept.</summary>
    private const int LargestKept = 256 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _kept;

    /// <summary>This thread's buffer, empty; a second take before the first is given back gets a new one.</summary>
    public static ArrayBufferWriter<byte> Take()
    {
        var buffer = _kept ?? new ArrayBufferWriter<byte>(4096);
        _kept = null;
        return buffer;
    }

    /// <summary>Keeps the buffer for this thread's next write (what was written is forgotten, not cleared).</summary>
    public static void GiveBack(ArrayBufferWriter<byte> buffer)
    {
        if (buffer.Capacity <= LargestKept)
        {
            buffer.ResetWrittenCount();
            _kept = buffer;
        }
    }
}
