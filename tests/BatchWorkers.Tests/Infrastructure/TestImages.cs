using SkiaSharp;

namespace BatchWorkers.Tests.Infrastructure;

/// <summary>Encoded test images made with SkiaSharp.</summary>
public static class TestImages
{
    public static readonly SKColor Red = new(230, 20, 20);
    public static readonly SKColor Green = new(20, 200, 40);
    public static readonly SKColor Blue = new(30, 40, 230);

    public static byte[] Solid(SKColor colour, int width = 64, int height = 48, SKEncodedImageFormat format = SKEncodedImageFormat.Png)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(colour);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }

    /// <summary>Left half one colour, right half another: shows whether orientation and cropping are right.</summary>
    public static SKBitmap Split(SKColor left, SKColor right, int width, int height)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                bitmap.SetPixel(x, y, x < width / 2 ? left : right);
            }
        }

        return bitmap;
    }

    public static (byte[] Bytes, string Label)[] Mixed(int count) =>
        Enumerable.Range(0, count).Select(i => (i % 3) switch
        {
            0 => (Solid(Red), "red"),
            1 => (Solid(Green, format: SKEncodedImageFormat.Jpeg), "green"),
            _ => (Solid(Blue, format: SKEncodedImageFormat.Webp), "blue"),
        }).ToArray();

    // Inserts an APP1 Exif segment (big-endian TIFF, one IFD entry: Orientation) right after the JPEG's SOI marker.
    public static byte[] WithExifOrientation(byte[] jpeg, int orientation)
    {
        byte[] payload =
        [
            .. "Exif\0\0"u8, .. "MM"u8, 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08,
            0x00, 0x01, 0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, (byte)orientation, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00,
        ];
        var length = payload.Length + 2;
        return [.. jpeg[..2], 0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. payload, .. jpeg[2..]];
    }
}
