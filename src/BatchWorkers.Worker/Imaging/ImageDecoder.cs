using BatchWorkers.Contracts;
using BatchWorkers.Explainability.Rendering;
using SkiaSharp;

namespace BatchWorkers.Worker.Imaging;

/// <summary>
/// A decoded image, upright, or why it could not be decoded. <see cref="Width"/> and <see cref="Height"/> are the
/// image's own upright size, which the bitmap is smaller than when a JPEG was decoded at a reduced scale.
/// </summary>
public sealed record DecodedImage(SKBitmap? Bitmap, string? ErrorCode, string? Error, int Width = 0, int Height = 0) : IDisposable
{
    public void Dispose() => Bitmap?.Dispose();
}

/// <summary>
/// Decodes JPEG, PNG, WebP, BMP and GIF (first frame) with SkiaSharp, honouring EXIF orientation. The declared
/// size is checked before any pixel is decoded, so a small file claiming a huge image cannot exhaust memory.
/// </summary>
public static class ImageDecoder
{
    /// <param name="preparingFor">
    /// When the image is only decoded to be preprocessed with these settings: a JPEG (or WebP) much larger than their
    /// resize target is decoded at 1/2, 1/4 or 1/8 scale by the codec itself, never below the target, which is many
    /// times faster for photos and averages like a proper shrink. Null decodes every pixel.
    /// </param>
    public static DecodedImage Decode(byte[] bytes, long maxPixels, PreprocessorSettings? preparingFor = null)
    {
        if (bytes.Length == 0)
        {
            return Fail(ItemErrorCodes.EmptyInput, "The image is empty (0 bytes).");
        }

        if (ImageFormats.Detect(bytes) is null)
        {
            return Fail(ItemErrorCodes.ImageUnsupportedFormat, "Not a supported image: send JPEG, PNG, WebP, BMP or GIF.");
        }

        using var stream = new SKMemoryStream(bytes);
        using var codec = SKCodec.Create(stream, out var createResult);
        if (codec is null)
        {
            return Fail(ItemErrorCodes.ImageCorrupt, $"The {ImageFormats.Detect(bytes)} header cannot be read ({createResult}): the file is corrupt or truncated.");
        }

        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width <= 0 || height <= 0 || (long)width * height > maxPixels)
        {
            return Fail(ItemErrorCodes.ImageTooLarge, $"The image declares {width}×{height} pixels; the limit is {maxPixels:N0} pixels.");
        }

        var turned = ExifOrientation.SwapsSides(codec.EncodedOrigin);
        var (uprightWidth, uprightHeight) = turned ? (height, width) : (width, height);
        var size = preparingFor is null ? codec.Info.Size : ReducedSize(codec, turned, ImageTensorizer.ResizeTarget(uprightWidth, uprightHeight, preparingFor));
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            bitmap.Dispose();
            return result == SKCodecResult.IncompleteInput
                ? Fail(ItemErrorCodes.ImageCorrupt, "The image is truncated: its data ends before the last row.")
                : Fail(ItemErrorCodes.ImageCorrupt, $"The image could not be decoded ({result}).");
        }

        return new DecodedImage(ExifOrientation.Apply(bitmap, codec.EncodedOrigin), null, null, uprightWidth, uprightHeight);
    }

    /// <summary>The smallest size the codec can decode to that still covers the target (the full size for most formats).</summary>
    private static SKSizeI ReducedSize(SKCodec codec, bool turned, (int Width, int Height) target)
    {
        var (needWidth, needHeight) = turned ? (target.Height, target.Width) : target;
        foreach (var scale in (float[])[0.125f, 0.25f, 0.5f])
        {
            var size = codec.GetScaledDimensions(scale);
            if (size.Width >= needWidth && size.Height >= needHeight && size.Width < codec.Info.Width)
            {
                return size;
            }
        }

        return codec.Info.Size;
    }

    private static DecodedImage Fail(string code, string error) => new(null, code, error);
}
