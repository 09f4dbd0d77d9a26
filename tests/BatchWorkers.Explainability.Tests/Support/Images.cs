using SkiaSharp;

namespace BatchWorkers.Explainability.Tests.Support;

/// <summary>Test images: encode, decode and compare.</summary>
internal static class Images
{
    /// <summary>A PNG of <paramref name="width"/> × <paramref name="height"/> in one colour, with a darker diagonal so it is not flat.</summary>
    public static byte[] Png(int width, int height, SKColor colour)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(colour);
            using var paint = new SKPaint { Color = new SKColor(60, 60, 60), StrokeWidth = 2 };
            canvas.DrawLine(0, 0, width, height, paint);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    public static SKBitmap Decode(byte[] png) =>
        SKBitmap.Decode(png) ?? throw new InvalidOperationException("The bytes do not decode as an image.");

    /// <summary>Mean absolute RGB difference per pixel over a rectangle.</summary>
    public static double MeanDifference(SKBitmap a, SKBitmap b, int left, int top, int right, int bottom)
    {
        double sum = 0;
        for (var y = top; y < bottom; y++)
        {
            for (var x = left; x < right; x++)
            {
                var (p, q) = (a.GetPixel(x, y), b.GetPixel(x, y));
                sum += Math.Abs(p.Red - q.Red) + Math.Abs(p.Green - q.Green) + Math.Abs(p.Blue - q.Blue);
            }
        }

        return sum / ((right - left) * (bottom - top));
    }

    /// <summary>Distinct colours in the image, as a measure of it not being blank.</summary>
    public static int DistinctColours(SKBitmap bitmap)
    {
        var colours = new HashSet<uint>();
        for (var y = 0; y < bitmap.Height; y += 2)
        {
            for (var x = 0; x < bitmap.Width; x += 2)
            {
                colours.Add((uint)bitmap.GetPixel(x, y));
            }
        }

        return colours.Count;
    }
}
