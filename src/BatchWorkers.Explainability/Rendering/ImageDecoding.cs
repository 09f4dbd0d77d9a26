using SkiaSharp;

namespace BatchWorkers.Explainability.Rendering;

/// <summary>Decodes an encoded image upright (EXIF orientation applied, as the worker's decoder does) and encodes PNGs.</summary>
internal static class ImageDecoding
{
    public static SKBitmap DecodeUpright(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var stream = new SKMemoryStream(bytes);
        using var codec = SKCodec.Create(stream)
            ?? throw new ArgumentException("The image cannot be decoded: not a PNG, JPEG, WebP, BMP or GIF, or corrupt.", nameof(bytes));
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            bitmap.Dispose();
            throw new ArgumentException($"The image cannot be decoded ({result}).", nameof(bytes));
        }

        return ExifOrientation.Apply(bitmap, codec.EncodedOrigin);
    }

    public static byte[] EncodePng(SKBitmap bitmap)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
