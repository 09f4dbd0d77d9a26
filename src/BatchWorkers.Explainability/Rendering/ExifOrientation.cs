using SkiaSharp;

namespace BatchWorkers.Explainability.Rendering;

/// <summary>
/// Turns a bitmap upright according to its EXIF orientation (cameras store rotated pixels plus a tag). One place for the
/// worker's decoder and the heatmaps, so a heatmap lies over the image exactly as the model saw it.
/// </summary>
public static class ExifOrientation
{
    public static SKBitmap Apply(SKBitmap source, SKEncodedOrigin origin)
    {
        if (origin == SKEncodedOrigin.TopLeft)
        {
            return source;
        }

        var (w, h) = SwapsSides(origin) ? (source.Height, source.Width) : (source.Width, source.Height);
        var upright = new SKBitmap(new SKImageInfo(w, h, source.ColorType, source.AlphaType));
        using (var canvas = new SKCanvas(upright))
        {
            canvas.SetMatrix(Matrix(origin, source.Width, source.Height));
            canvas.DrawBitmap(source, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest));
        }

        source.Dispose();
        return upright;
    }

    /// <summary>Whether the upright image is the stored one turned a quarter: its width is the stored height.</summary>
    public static bool SwapsSides(SKEncodedOrigin origin) =>
        origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;

    // Maps source pixel coordinates to upright coordinates for each of the eight EXIF orientations.
    private static SKMatrix Matrix(SKEncodedOrigin origin, int width, int height) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, width, 0, 1, 0, 0, 0, 1),
        SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, width, 0, -1, height, 0, 0, 1),
        SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, height, 0, 0, 1),
        SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightTop => new SKMatrix(0, -1, height, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, height, -1, 0, width, 0, 0, 1),
        SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, width, 0, 0, 1),
        _ => SKMatrix.Identity,
    };
}
