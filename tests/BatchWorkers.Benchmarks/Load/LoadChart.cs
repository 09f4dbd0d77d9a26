using System.Globalization;
using BatchWorkers.Explainability.Rendering;
using SkiaSharp;

namespace BatchWorkers.Benchmarks.Load;

/// <summary>
/// A PNG of the load runs: the main run's queue depths over time (top) and every run's worker RSS over time
/// (bottom), so a bounded worker shows as RSS lines at the same height whatever the job size.
/// </summary>
public static class LoadChart
{
    private const int Width = 1000;
    private const int Height = 640;

    private static readonly SKColor Ink = new(34, 34, 34);
    private static readonly SKColor Muted = new(110, 110, 110);
    private static readonly SKColor GridLine = new(228, 228, 228);
    private static readonly SKColor[] Palette = [new(31, 119, 180), new(255, 127, 14), new(44, 160, 44), new(214, 39, 40), new(148, 103, 189)];

    public static byte[] Render(IReadOnlyList<LoadPhaseResult> runs)
    {
        var main = runs[^1];
        using var bitmap = new SKBitmap(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        var seconds = runs.Max(r => r.Samples[^1].Seconds);
        Panel(canvas, new SKRect(90, 50, 800, 300), $"Queue depth, {main.Images:N0}-image run (messages)", seconds,
        [
            ("classify-images", main.Samples.Select(s => (s.Seconds, (double)s.Depth("classify-images"))).ToList()),
            ("intake (submit-*)", main.Samples.Select(s => (s.Seconds, (double)s.DepthOfAll(q => q.StartsWith("submit-", StringComparison.Ordinal)))).ToList()),
            ("translate-texts", main.Samples.Select(s => (s.Seconds, (double)s.Depth("translate-texts"))).ToList()),
            ("summarize-texts", main.Samples.Select(s => (s.Seconds, (double)s.Depth("summarize-texts"))).ToList()),
        ]);
        Panel(canvas, new SKRect(90, 370, 800, 590), "Worker RSS (MiB)", seconds,
            runs.Select(r => ($"{r.Images:N0} images", r.Samples.Select(s => (s.Seconds, s.ResidentMiB)).ToList())).ToList());
        using var font = new SKFont(Fonts.Typeface, 12);
        using var paint = new SKPaint { Color = Muted, IsAntialias = true };
        canvas.DrawText("seconds since every job was published", 445, 625, SKTextAlign.Center, font, paint);
        canvas.Flush();
        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    private static void Panel(SKCanvas canvas, SKRect plot, string title, double seconds, IReadOnlyList<(string Name, List<(double X, double Y)> Points)> series)
    {
        using var font = new SKFont(Fonts.Typeface, 12);
        using var titleFont = new SKFont(Fonts.Typeface, 15);
        using var text = new SKPaint { Color = Muted, IsAntialias = true };
        using var ink = new SKPaint { Color = Ink, IsAntialias = true };
        using var grid = new SKPaint { Color = GridLine, StrokeWidth = 1 };
        var top = Nice(Math.Max(1, series.SelectMany(s => s.Points).Select(p => p.Y).DefaultIfEmpty(1).Max()));
        var right = Nice(Math.Max(1, seconds));
        float X(double x) => (float)(plot.Left + (x / right * plot.Width));
        float Y(double y) => (float)(plot.Bottom - (y / top * plot.Height));

        canvas.DrawText(title, plot.Left, plot.Top - 14, SKTextAlign.Left, titleFont, ink);
        for (var i = 0; i <= 5; i++)
        {
            var (y, x) = (top * i / 5, right * i / 5);
            canvas.DrawLine(plot.Left, Y(y), plot.Right, Y(y), grid);
            canvas.DrawText(y.ToString("0", CultureInfo.InvariantCulture), plot.Left - 6, Y(y) + 4, SKTextAlign.Right, font, text);
            canvas.DrawText(x.ToString("0", CultureInfo.InvariantCulture), X(x), plot.Bottom + 16, SKTextAlign.Center, font, text);
        }

        for (var s = 0; s < series.Count; s++)
        {
            using var line = new SKPaint { Color = Palette[s % Palette.Length], StrokeWidth = 2, IsAntialias = true, Style = SKPaintStyle.Stroke };
            using var builder = new SKPathBuilder();
            var first = true;
            foreach (var (x, y) in series[s].Points)
            {
                if (first)
                {
                    builder.MoveTo(X(x), Y(y));
                    first = false;
                }
                else
                {
                    builder.LineTo(X(x), Y(y));
                }
            }

            using var path = builder.Detach();
            canvas.DrawPath(path, line);
            using var swatch = new SKPaint { Color = line.Color, IsAntialias = true };
            var legendY = plot.Top + 8 + (s * 20);
            canvas.DrawRect(plot.Right + 16, legendY - 8, 14, 4, swatch);
            canvas.DrawText(series[s].Name, plot.Right + 36, legendY, SKTextAlign.Left, font, ink);
        }
    }

    // The next round number at or above the value (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10^k), for the axis end.
    private static double Nice(double value)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        double[] steps = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];
        return steps.First(step => step * magnitude >= value * (1 - 1e-9)) * magnitude;
    }
}
