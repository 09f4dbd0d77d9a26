using BatchWorkers.Contracts;
using BatchWorkers.Tests.Infrastructure;
using BatchWorkers.Worker.Imaging;
using SkiaSharp;

namespace BatchWorkers.Tests.Imaging;

public sealed class ImageDecoderTests
{
    [Theory]
    [InlineData(SKEncodedImageFormat.Png)]
    [InlineData(SKEncodedImageFormat.Jpeg)]
    [InlineData(SKEncodedImageFormat.Webp)]
    public void Decode_SupportedFormat_UprightPixels(SKEncodedImageFormat format)
    {
        using var decoded = ImageDecoder.Decode(TestImages.Solid(TestImages.Green, 40, 30, format), 1_000_000);

        Assert.NotNull(decoded.Bitmap);
        Assert.Equal((40, 30), (decoded.Bitmap.Width, decoded.Bitmap.Height));
        var pixel = decoded.Bitmap.GetPixel(20, 15);
        Assert.True(pixel.Green > 150 && pixel.Red < 80, $"pixel {pixel}");
    }

    [Theory]
    [InlineData(6, true)]
    [InlineData(8, false)]
    public void Decode_JpegWithExifRotation_TurnedUpright(int orientation, bool redOnTop)
    {
        using var split = TestImages.Split(TestImages.Red, TestImages.Blue, 40, 20);
        var jpeg = TestImages.WithExifOrientation(Encode(split, SKEncodedImageFormat.Jpeg), orientation);

        using var decoded = ImageDecoder.Decode(jpeg, 1_000_000);

        Assert.Equal((20, 40), (decoded.Bitmap!.Width, decoded.Bitmap.Height));
        var top = decoded.Bitmap.GetPixel(10, 5);
        var bottom = decoded.Bitmap.GetPixel(10, 35);
        Assert.Equal(redOnTop, top.Red > top.Blue);
        Assert.Equal(redOnTop, bottom.Blue > bottom.Red);
    }

    [Fact]
    public void Decode_Bmp_BottomUpRowsComeOutUpright()
    {
        // 24-bit BMP, 2×2, rows stored bottom-up: bottom row blue, top row red.
        byte[] pixels = [0xFF, 0, 0, 0xFF, 0, 0, 0, 0, 0, 0, 0xFF, 0, 0, 0xFF, 0, 0];
        byte[] header =
        [
            (byte)'B', (byte)'M', 70, 0, 0, 0, 0, 0, 0, 0, 54, 0, 0, 0,
            40, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 1, 0, 24, 0, 0, 0, 0, 0, 16, 0, 0, 0, 0x13, 0x0B, 0, 0, 0x13, 0x0B, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ];

        using var decoded = ImageDecoder.Decode([.. header, .. pixels], 1_000_000);

        Assert.Equal(new SKColor(255, 0, 0), decoded.Bitmap!.GetPixel(0, 0));
        Assert.Equal(new SKColor(0, 0, 255), decoded.Bitmap.GetPixel(1, 1));
    }

    [Fact]
    public void Decode_Gif_FirstFrame()
    {
        // The classic 1×1 GIF89a whose single pixel is red (palette entry 0).
        byte[] gif =
        [
            .. "GIF89a"u8, 1, 0, 1, 0, 0x80, 0, 0, 0xFF, 0, 0, 0, 0, 0,
            0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0x02, 0x02, 0x44, 0x01, 0, 0x3B,
        ];

        using var decoded = ImageDecoder.Decode(gif, 1_000_000);

        Assert.Equal((1, 1), (decoded.Bitmap!.Width, decoded.Bitmap.Height));
        Assert.Equal(new SKColor(255, 0, 0), decoded.Bitmap.GetPixel(0, 0));
    }

    [Fact]
    public void Decode_DeclaredSizeOverLimit_RefusedBeforeDecoding()
    {
        using var decoded = ImageDecoder.Decode(TestImages.Solid(TestImages.Red, 2000, 1000), maxPixels: 1_000_000);

        Assert.Null(decoded.Bitmap);
        Assert.Equal(ItemErrorCodes.ImageTooLarge, decoded.ErrorCode);
        Assert.Contains("2000×1000", decoded.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_GifHeaderWithGarbage_CorruptNotUnsupported()
    {
        using var decoded = ImageDecoder.Decode("GIF89a\u0001\u0000garbage"u8.ToArray(), 1_000_000);

        Assert.Equal(ItemErrorCodes.ImageCorrupt, decoded.ErrorCode);
    }

    private static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 95);
        return data.ToArray();
    }
}
