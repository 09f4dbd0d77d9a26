using SkiaSharp;

namespace BatchWorkers.Worker.Imaging;

/// <summary>Resizes, crops and normalises an upright image into one NCHW slot of a float batch.</summary>
public static class ImageTensorizer
{
    /// <param name="destination">3 × height × width floats: the image's slot in the batch tensor.</param>
    public static void Fill(SKBitmap image, PreprocessorSettings settings, Span<float> destination)
    {
        var (outWidth, outHeight) = settings.OutputSize;
        var (resizeWidth, resizeHeight) = ResizeTarget(image.Width, image.Height, settings);
        using var resized = resizeWidth == image.Width && resizeHeight == image.Height
            ? image.Copy()
            : image.Resize(new SKImageInfo(resizeWidth, resizeHeight, SKColorType.Rgba8888, SKAlphaType.Unpremul), settings.Sampling);
        var left = Math.Max(0, (resized.Width - outWidth) / 2);
        var top = Math.Max(0, (resized.Height - outHeight) / 2);
        var pixels = resized.GetPixelSpan();
        var plane = outWidth * outHeight;
        for (var y = 0; y < outHeight; y++)
        {
            var sourceY = Math.Min(resized.Height - 1, top + y);
            for (var x = 0; x < outWidth; x++)
            {
                var sourceX = Math.Min(resized.Width - 1, left + x);
                var offset = ((sourceY * resized.Width) + sourceX) * 4;
                var target = (y * outWidth) + x;
                for (var c = 0; c < 3; c++)
                {
                    var channel = settings.SwapToBgr ? 2 - c : c;
                    destination[(c * plane) + target] = ((pixels[offset + channel] * settings.RescaleFactor) - settings.Mean[c]) / settings.Std[c];
                }
            }
        }
    }

    private static (int Width, int Height) ResizeTarget(int width, int height, PreprocessorSettings settings)
    {
        if (settings.ResizeShortestEdge is { } edge)
        {
            return width <= height
                ? (edge, Math.Max(1, (int)((long)height * edge / width)))
                : (Math.Max(1, (int)((long)width * edge / height)), edge);
        }

        return (settings.ResizeWidth ?? width, settings.ResizeHeight ?? height);
    }
}
