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
        using var halved = HalveWhileLarger(image, resizeWidth, resizeHeight);
        var source = halved ?? image;
        using var resized = resizeWidth == source.Width && resizeHeight == source.Height
            ? source.Copy()
            : source.Resize(new SKImageInfo(resizeWidth, resizeHeight, SKColorType.Rgba8888, SKAlphaType.Unpremul), settings.Sampling);
        var left = Math.Max(0, (resized.Width - outWidth) / 2);
        var top = Math.Max(0, (resized.Height - outHeight) / 2);
        var pixels = resized.GetPixelSpan();
        var plane = outWidth * outHeight;
        // (value * rescale - mean) / std, folded into one multiply-add per value.
        Span<float> scale = stackalloc float[3];
        Span<float> shift = stackalloc float[3];
        for (var c = 0; c < 3; c++)
        {
            scale[c] = settings.RescaleFactor / settings.Std[c];
            shift[c] = settings.Mean[c] / settings.Std[c];
        }

        var (red, blue) = settings.SwapToBgr ? (2, 0) : (0, 2);
        var fitsCrop = resized.Width >= outWidth && resized.Height >= outHeight;
        for (var y = 0; y < outHeight; y++)
        {
            var sourceY = Math.Min(resized.Height - 1, top + y);
            var row = pixels.Slice(sourceY * resized.Width * 4, resized.Width * 4);
            var target = y * outWidth;
            for (var x = 0; x < outWidth; x++)
            {
                // An image smaller than the crop repeats its edge pixels (rare: only when a crop exceeds the resize).
                var offset = (fitsCrop ? left + x : Math.Min(resized.Width - 1, left + x)) * 4;
                destination[target + x] = (row[offset + red] * scale[0]) - shift[0];
                destination[plane + target + x] = (row[offset + 1] * scale[1]) - shift[1];
                destination[(2 * plane) + target + x] = (row[offset + blue] * scale[2]) - shift[2];
            }
        }
    }

    /// <summary>
    /// Halves the image while it stays at least the target size, so the final resize shrinks it less than twice.
    /// Skia's resize reads a fixed 2×2 (bilinear) or 4×4 (bicubic) neighbourhood whatever the scale, so shrinking a
    /// photo tenfold in one step aliases fine detail into noise; PIL, which Hugging Face processors use, averages all
    /// the pixels an output pixel covers. Bilinear sampling at exactly half size is the mean of each 2×2 block, so the
    /// halvings are that average, and cost a third of the image's pixels more in all. Null when no halving is needed.
    /// </summary>
    private static SKBitmap? HalveWhileLarger(SKBitmap image, int targetWidth, int targetHeight)
    {
        SKBitmap? halved = null;
        for (var source = image; source.Width / 2 >= targetWidth && source.Height / 2 >= targetHeight; source = halved)
        {
            var half = source.Resize(
                new SKImageInfo(source.Width / 2, source.Height / 2, SKColorType.Rgba8888, SKAlphaType.Unpremul),
                new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None));
            halved?.Dispose();
            halved = half;
        }

        return halved;
    }

    /// <summary>The size an image is resized to before the centre crop (explanations map the crop back onto the image).</summary>
    public static (int Width, int Height) ResizeTarget(int width, int height, PreprocessorSettings settings)
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
