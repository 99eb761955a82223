using System.Text;

namespace ChatCommerce.Channels.Common;

/// <summary>
/// A JSON value written already, as UTF-8 escaped the way request bodies are (<see cref="JsonBody"/>):
/// a rendered message is placed into its request body as it is, never parsed or copied into a tree.
/// </summary>
public readonly record struct RenderedJson(ReadOnlyMemory<byte> Utf8)
{
    public override string ToString() => Encoding.UTF8.GetString(Utf8.Span);
}
