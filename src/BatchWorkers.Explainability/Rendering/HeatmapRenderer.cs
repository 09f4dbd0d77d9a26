using System.ComponentModel.DataAnnotations;
using BatchWorkers.Explainability.Saliency;
using SkiaSharp;

namespace BatchWorkers.Explainability.Rendering;

/// <summary>
/// Draws a saliency report over the original image as a PNG: the grid, interpolated bilinearly between cell centres
/// and stretched over the window the model saw, colour-mapped and alpha-blended (opacity grows with saliency, so
/// unimportant areas stay as they were), with the top regions outlined and numbered. Saliency is scaled to [0, 1]
/// from 0 (occlusion: no drop) or the grid's minimum (RISE) up to the grid's maximum.
/// </summary>
public static class HeatmapRenderer
{
    private const int MaxOverlaySide = 512;

    /// <summary>Renders over an encoded image (PNG, JPEG, WebP, BMP or GIF; EXIF orientation applied).</summary>
    /// <returns>PNG bytes, the image's size (or <see cref="HeatmapOptions.MaxSide"/> on the longest side).</returns>
    /// <exception cref="ArgumentException">The image cannot be decoded, or the options are out of range.</exception>
    public static byte[] Render(byte[] image, SaliencyReport report, HeatmapOptions? options = null)
    {
        using var bitmap = ImageDecoding.DecodeUpright(image);
        return Render(bitmap, report, options);
    }

    /// <summary>Renders over a decoded, upright image; the report's window is scaled if the image's size differs from it.</summary>
    /// <returns>PNG bytes, the image's size (or <see cref="HeatmapOptions.MaxSide"/> on the longest side).</returns>
    /// <exception cref="ArgumentException">The options are out of range.</exception>
    public static byte[] Render(SKBitmap image, SaliencyReport report, HeatmapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(report);
        options ??= new HeatmapOptions();
        try
        {
            Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        }
        catch (ValidationException e)
        {
            throw new ArgumentException($"Heatmap options: {e.Message}", nameof(options), e);
        }

        var shrink = options.MaxSide is { } side ? Math.Min(1.0, (double)side / Math.Max(image.Width, image.Height)) : 1.0;
        var (width, height) = (Math.Max(1, (int)Math.Round(image.Width * shrink)), Math.Max(1, (int)Math.Round(image.Height * shrink)));
        using var output = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(output);
        var sampling = new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear);
        canvas.DrawBitmap(image, new SKRect(0, 0, width, height), sampling);

        // Original-image pixels to output pixels.
        var (sx, sy) = ((double)width / report.Window.ImageWidth, (double)height / report.Window.ImageHeight);
        var window = new SKRect(
            (float)(report.Window.Left * sx),
            (float)(report.Window.Top * sy),
            (float)((report.Window.Left + report.Window.Width) * sx),
            (float)((report.Window.Top + report.Window.Height) * sy));
        using (var overlay = Overlay(report, window, options))
        {
            if (overlay is not null)
            {
                canvas.Save();
                canvas.ClipRect(new SKRect(0, 0, width, height));
                canvas.DrawBitmap(overlay, window, sampling);
                canvas.Restore();
            }
        }

        if (options.OutlineRegions)
        {
            Outline(canvas, report.TopRegions, sx, sy, Math.Min(width, height));
        }

        canvas.Flush();
        return ImageDecoding.EncodePng(output);
    }

    /// <summary>The colour-mapped saliency at up to 512 pixels a side, or null when nothing is salient.</summary>
    private static SKBitmap? Overlay(SaliencyReport report, SKRect window, HeatmapOptions options)
    {
        var grid = report.Grid;
        var high = grid.Values.Max();
        var low = report.Method == SaliencyMethod.Occlusion ? 0f : grid.Values.Min();
        if (!(high > low) || window.Width < 1 || window.Height < 1)
        {
            return null;
        }

        var scale = Math.Min(1.0, MaxOverlaySide / Math.Max(window.Width, window.Height));
        var (ow, oh) = (Math.Max(1, (int)Math.Round(window.Width * scale)), Math.Max(1, (int)Math.Round(window.Height * scale)));
        var overlay = new SKBitmap(new SKImageInfo(ow, oh, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var pixels = overlay.GetPixelSpan();
        for (var v = 0; v < oh; v++)
        {
            var (r0, r1, wr) = Between(((v + 0.5) / oh * grid.Rows) - 0.5, grid.Rows);
            for (var u = 0; u < ow; u++)
            {
                var (c0, c1, wc) = Between(((u + 0.5) / ow * grid.Columns) - 0.5, grid.Columns);
                var top = grid[r0, c0] + (wc * (grid[r0, c1] - grid[r0, c0]));
                var bottom = grid[r1, c0] + (wc * (grid[r1, c1] - grid[r1, c0]));
                var t = Math.Clamp((top + (wr * (bottom - top)) - low) / (high - low), 0, 1);
                var (r, g, b) = ColormapTable.Map(options.Colormap, t);
                var offset = ((v * ow) + u) * 4;
                pixels[offset] = r;
                pixels[offset + 1] = g;
                pixels[offset + 2] = b;
                pixels[offset + 3] = (byte)Math.Round(255 * options.MaxOpacity * t);
            }
        }

        return overlay;
    }

    private static (int Low, int High, float Weight) Between(double position, int count)
    {
        var clamped = Math.Clamp(position, 0, count - 1);
        var low = (int)Math.Floor(clamped);
        return (low, Math.Min(low + 1, count - 1), (float)(clamped - low));
    }

    private static void Outline(SKCanvas canvas, IReadOnlyList<SaliencyRegion> regions, double sx, double sy, int shortSide)
    {
        var stroke = Math.Max(1.5f, shortSide / 250f);
        using var dark = new SKPaint { Color = new SKColor(0, 0, 0, 200), Style = SKPaintStyle.Stroke, StrokeWidth = stroke + 2, IsAntialias = true };
        using var light = new SKPaint { Color = new SKColor(0, 229, 255), Style = SKPaintStyle.Stroke, StrokeWidth = stroke, IsAntialias = true };
        using var labelBack = new SKPaint { Color = new SKColor(0, 0, 0, 200), IsAntialias = true };
        using var labelText = new SKPaint { Color = SKColors.White, IsAntialias = true };
        using var font = new SKFont(Fonts.Typeface, Math.Clamp(shortSide / 28f, 9f, 28f));
        foreach (var region in regions)
        {
            var box = new SKRect(
                (float)(region.Box.X * sx),
                (float)(region.Box.Y * sy),
                (float)((region.Box.X + region.Box.Width) * sx),
                (float)((region.Box.Y + region.Box.Height) * sy));
            canvas.DrawRect(box, dark);
            canvas.DrawRect(box, light);
            if (Fonts.TextAvailable)
            {
                var label = region.Rank.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var size = font.Size;
                var back = new SKRect(box.Left, box.Top, box.Left + font.MeasureText(label) + (size * 0.5f), box.Top + (size * 1.2f));
                canvas.DrawRect(back, labelBack);
                canvas.DrawText(label, back.Left + (size * 0.25f), back.Top + size, SKTextAlign.Left, font, labelText);
            }
        }
    }
}
