using BatchWorkers.Contracts;
using BatchWorkers.Explainability.Rendering;
using SkiaSharp;

namespace BatchWorkers.Worker.Imaging;

/// <summary>A decoded image, upright, or why it could not be decoded.</summary>
public sealed record DecodedImage(SKBitmap? Bitmap, string? ErrorCode, string? Error) : IDisposable
{
    public void Dispose() => Bitmap?.Dispose();
}

/// <summary>
/// Decodes JPEG, PNG, WebP, BMP and GIF (first frame) with SkiaSharp, honouring EXIF orientation. The declared
/// size is checked before any pixel is decoded, so a small file claiming a huge image cannot exhaust memory.
/// </summary>
public static class ImageDecoder
{
    public static DecodedImage Decode(byte[] bytes, long maxPixels)
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

        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            bitmap.Dispose();
            return result == SKCodecResult.IncompleteInput
                ? Fail(ItemErrorCodes.ImageCorrupt, "The image is truncated: its data ends before the last row.")
                : Fail(ItemErrorCodes.ImageCorrupt, $"The image could not be decoded ({result}).");
        }

        return new DecodedImage(ExifOrientation.Apply(bitmap, codec.EncodedOrigin), null, null);
    }

    private static DecodedImage Fail(string code, string error) => new(null, code, error);
}
