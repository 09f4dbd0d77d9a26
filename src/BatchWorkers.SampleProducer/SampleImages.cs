using SkiaSharp;

namespace BatchWorkers.SampleProducer;

/// <summary>An image to classify with the colour it was drawn in (the expected label).</summary>
public sealed record SampleImage(string Name, byte[] Bytes, string? ExpectedLabel);

/// <summary>Generates shapes in red, green or blue on a light, noisy background (fixed seed), plus a few broken files.</summary>
public static class SampleImages
{
    private static readonly (string Label, SKColor Colour)[] Colours =
        [("red", new SKColor(220, 30, 40)), ("green", new SKColor(30, 180, 60)), ("blue", new SKColor(40, 60, 220))];

    public static IReadOnlyList<SampleImage> Shapes(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i =>
        {
            var (label, colour) = Colours[random.Next(Colours.Length)];
            var shape = (i % 3) switch { 0 => "circle", 1 => "square", _ => "ellipse" };
            return new SampleImage($"{shape}-{label}-{i:D3}.png", Draw(shape, colour, random), label);
        }).ToList();
    }

    /// <summary>Items that must fail with a specific error while the rest of the job succeeds.</summary>
    public static IReadOnlyList<SampleImage> Broken()
    {
        var png = Draw("circle", Colours[0].Colour, new Random(1));
        return
        [
            new SampleImage("truncated.png", png[..(png.Length / 2)], null),
            new SampleImage("not-an-image.txt", "hello, I am text"u8.ToArray(), null),
        ];
    }

    private static byte[] Draw(string shape, SKColor colour, Random random)
    {
        const int size = 96;
        using var bitmap = new SKBitmap(size, size);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(235, 235, 235));
            using var paint = new SKPaint { Color = colour, IsAntialias = true };
            var extent = random.Next(55, 85);
            var x = random.Next(0, size - extent);
            var y = random.Next(0, size - extent);
            switch (shape)
            {
                case "circle":
                    canvas.DrawCircle(x + (extent / 2f), y + (extent / 2f), extent / 2f, paint);
                    break;
                case "square":
                    canvas.DrawRect(x, y, extent, extent, paint);
                    break;
                default:
                    canvas.DrawOval(x + (extent / 2f), y + (extent / 2f), extent / 2f, extent / 3f, paint);
                    break;
            }

            AddNoise(bitmap, random);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var encoded = image.Encode(SKEncodedImageFormat.Png, 100);
        return encoded.ToArray();
    }

    private static void AddNoise(SKBitmap bitmap, Random random)
    {
        for (var i = 0; i < bitmap.Width * bitmap.Height / 10; i++)
        {
            var grey = (byte)random.Next(256);
            bitmap.SetPixel(random.Next(bitmap.Width), random.Next(bitmap.Height), new SKColor(grey, grey, grey));
        }
    }
}
