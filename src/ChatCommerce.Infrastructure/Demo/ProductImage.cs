using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace ChatCommerce.Infrastructure.Demo;

/// <summary>
/// Draws a placeholder product picture as a PNG (a soft gradient in a colour derived from the
/// SKU, with a framed square), so the demo shop has real images without shipping binaries.
/// </summary>
public static class ProductImage
{
    private static readonly uint[] CrcTable = BuildCrcTable();

    public static byte[] Png(string sku, int size = 480) => Png(sku, size, size);

    /// <summary>The same picture at any width and height (a rich menu placeholder, for instance).</summary>
    public static byte[] Png(string sku, int width, int height)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(sku));
        var (r, g, b) = (96 + (hash[0] % 128), 96 + (hash[1] % 128), 96 + (hash[2] % 128));
        var raw = new byte[height * ((width * 3) + 1)];
        var frame = Math.Min(width, height) / 5;
        for (var y = 0; y < height; y++)
        {
            var row = y * ((width * 3) + 1);
            raw[row] = 0;
            for (var x = 0; x < width; x++)
            {
                var shade = 1.0 - (0.35 * (x + y) / (double)(width + height));
                var inFrame = x > frame && x < width - frame && y > frame && y < height - frame
                    && (x < frame + 8 || x > width - frame - 8 || y < frame + 8 || y > height - frame - 8);
                var i = row + 1 + (x * 3);
                raw[i] = inFrame ? (byte)255 : (byte)(r * shade);
                raw[i + 1] = inFrame ? (byte)255 : (byte)(g * shade);
                raw[i + 2] = inFrame ? (byte)255 : (byte)(b * shade);
            }
        }

        // PNG "Sub" filter: each byte minus the one three to its left. Gradients become runs of
        // small numbers that deflate well, so even a 2500-pixel-wide picture stays small.
        for (var y = 0; y < height; y++)
        {
            var row = y * ((width * 3) + 1);
            raw[row] = 1;
            for (var i = row + (width * 3); i > row + 3; i--)
            {
                raw[i] = (byte)(raw[i] - raw[i - 3]);
            }
        }

        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;  // bit depth
        header[9] = 2;  // colour type: RGB
        Chunk(png, "IHDR", header);
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                zlib.Write(raw);
            }

            Chunk(png, "IDAT", compressed.ToArray());
        }

        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream output, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        output.Write(typeBytes);
        output.Write(data);
        var crc = Crc(Crc(0xFFFFFFFFu, typeBytes), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        output.Write(word);
    }

    private static uint Crc(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
