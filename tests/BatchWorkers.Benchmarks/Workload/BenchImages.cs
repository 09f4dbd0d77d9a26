using SkiaSharp;

namespace BatchWorkers.Benchmarks.Workload;

/// <summary>
/// Photo-like JPEGs (fixed seed): a colour gradient, overlapping translucent shapes and fine noise, so they
/// compress to the size of a real 256×256 photo rather than to a few hundred bytes.
/// </summary>
public static class BenchImages
{
    public const int Size = 256;
    public const int Quality = 90;

    /// <param name="width">Default <see cref="Size"/>; larger sizes stand for camera photos (shapes scale with the image).</param>
    public static IReadOnlyList<byte[]> Generate(int count, int seed, int width = Size, int height = Size)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => Draw(random, width, height)).ToList();
    }

    private static byte[] Draw(Random random, int width, int height)
    {
        var scale = Math.Min(width, height) / (float)Size;
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var bitmap = new SKBitmap(info);
        using (var canvas = new SKCanvas(bitmap))
        {
            using var background = new SKPaint();
            background.Shader = SKShader.CreateLinearGradient(
                new SKPoint(0, 0), new SKPoint(width, height), [Colour(random, 255), Colour(random, 255)], SKShaderTileMode.Clamp);
            canvas.DrawRect(0, 0, width, height, background);
            using var paint = new SKPaint { IsAntialias = true };
            for (var shape = 0; shape < 12; shape++)
            {
                paint.Color = Colour(random, (byte)random.Next(80, 220));
                var (x, y, r) = (random.Next(width), random.Next(height), random.Next(8, 70) * scale);
                if (random.Next(2) == 0)
                {
                    canvas.DrawCircle(x, y, r, paint);
                }
                else
                {
                    canvas.DrawRect(x - r, y - r, r * 2, r * 1.4f, paint);
                }
            }
        }

        AddNoise(bitmap, random);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, Quality);
        return data.ToArray();
    }

    private static void AddNoise(SKBitmap bitmap, Random random)
    {
        var pixels = bitmap.GetPixelSpan().ToArray();
        for (var i = 0; i < pixels.Length; i++)
        {
            if (i % 4 != 3)
            {
                pixels[i] = (byte)Math.Clamp(pixels[i] + random.Next(-6, 7), 0, 255);
            }
        }

        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
    }

    private static SKColor Colour(Random random, byte alpha) =>
        new((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256), alpha);
}
