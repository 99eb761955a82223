using System.Buffers.Binary;
using System.IO.Compression;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace ChatCommerce.IntegrationTests.Support;

/// <summary>
/// Reads what a QR picture says: a small PNG decoder (non-interlaced gray, RGB, RGBA or palette,
/// 1 or 8 bits) feeding ZXing's QR reader, so a test checks the served picture, not our own
/// encoder's input.
/// </summary>
public static class QrPictures
{
    public static string Read(byte[] png)
    {
        var (width, height, gray) = DecodePng(png);
        var source = new RGBLuminanceSource(gray, width, height, RGBLuminanceSource.BitmapFormat.Gray8);
        var result = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)), new Dictionary<DecodeHintType, object> { [DecodeHintType.PURE_BARCODE] = false, [DecodeHintType.TRY_HARDER] = true });
        return result?.Text ?? throw new InvalidDataException("No QR code found in the picture.");
    }

    /// <summary>Width, height and one luminance byte per pixel.</summary>
    public static (int Width, int Height, byte[] Gray) DecodePng(byte[] png)
    {
        ReadOnlySpan<byte> signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        if (!png.AsSpan(0, 8).SequenceEqual(signature))
        {
            throw new InvalidDataException("Not a PNG.");
        }

        int width = 0, height = 0, depth = 0, colour = 0;
        byte[] palette = [];
        using var compressed = new MemoryStream();
        for (var at = 8; at + 8 <= png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    depth = data[8];
                    colour = data[9];
                    if (data[12] != 0)
                    {
                        throw new NotSupportedException("Interlaced PNG.");
                    }

                    break;
                case "PLTE":
                    palette = data.ToArray();
                    break;
                case "IDAT":
                    compressed.Write(data);
                    break;
            }

            at += 12 + length;
        }

        var channels = colour switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => throw new NotSupportedException($"PNG colour type {colour}.") };
        var bitsPerPixel = channels * depth;
        var stride = (width * bitsPerPixel + 7) / 8;
        var step = Math.Max(1, bitsPerPixel / 8);
        compressed.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        var raw = inflated.ToArray();
        var rows = new byte[height][];
        var previous = new byte[stride];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            var row = raw.AsSpan(y * (stride + 1) + 1, stride).ToArray();
            for (var x = 0; x < stride; x++)
            {
                int left = x >= step ? row[x - step] : 0, up = previous[x], corner = x >= step ? previous[x - step] : 0;
                row[x] = (byte)(row[x] + filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, corner),
                    _ => throw new InvalidDataException($"PNG filter {filter}."),
                });
            }

            rows[y] = row;
            previous = row;
        }

        var gray = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                int Sample(int index)
                {
                    if (depth == 8)
                    {
                        return rows[y][(x * channels) + index];
                    }

                    var bit = x * bitsPerPixel;
                    var value = (rows[y][bit / 8] >> (8 - depth - (bit % 8))) & ((1 << depth) - 1);
                    return colour == 3 ? value : value * 255 / ((1 << depth) - 1);
                }

                gray[(y * width) + x] = colour switch
                {
                    0 or 4 => (byte)Sample(0),
                    3 => Luma(palette[Sample(0) * 3], palette[(Sample(0) * 3) + 1], palette[(Sample(0) * 3) + 2]),
                    _ => Luma(Sample(0), Sample(1), Sample(2)),
                };
            }
        }

        return (width, height, gray);
    }

    private static byte Luma(int r, int g, int b) => (byte)(((r * 299) + (g * 587) + (b * 114)) / 1000);

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
