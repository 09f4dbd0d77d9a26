using System.Text.Json;
using BatchWorkers.Tests.Infrastructure;
using BatchWorkers.Worker.Imaging;
using SkiaSharp;

namespace BatchWorkers.Tests.Imaging;

/// <summary>A photo decoded only as finely as its preprocessing needs: faster, and the same tensor within rounding.</summary>
public sealed class ReducedScaleDecodeTests
{
    // Hugging Face's ResNet/ConvNeXt layout: shortest edge 256 (224 / 0.875), centre crop 224.
    private static readonly PreprocessorSettings ShortestEdge = Parse(
        """{"size":{"shortest_edge":224},"crop_pct":0.875,"do_center_crop":true,"crop_size":{"height":224,"width":224},"do_normalize":false,"resample":2}""");

    [Fact]
    public void Decode_LargeJpegForA224Model_EighthScaleNeverBelowTheResizeTarget()
    {
        using var decoded = ImageDecoder.Decode(TestImages.Solid(TestImages.Green, 3000, 2400, SKEncodedImageFormat.Jpeg), 50_000_000, ShortestEdge);

        // The resize target is 320×256; an eighth is 375×300, the smallest scale that still covers it.
        Assert.Equal((375, 300), (decoded.Bitmap!.Width, decoded.Bitmap.Height));
        Assert.Equal((3000, 2400), (decoded.Width, decoded.Height));
    }

    [Fact]
    public void Decode_JpegOnlyTwiceTheTarget_KeptWhole()
    {
        using var decoded = ImageDecoder.Decode(TestImages.Solid(TestImages.Green, 400, 300, SKEncodedImageFormat.Jpeg), 50_000_000, ShortestEdge);

        // Half would be 200×150, below the 341×256 target: decoded in full.
        Assert.Equal((400, 300), (decoded.Bitmap!.Width, decoded.Bitmap.Height));
    }

    [Fact]
    public void Decode_RotatedLargeJpeg_ScaleChosenForTheUprightImage()
    {
        using var split = TestImages.Split(TestImages.Red, TestImages.Blue, 2400, 1200);
        var jpeg = TestImages.WithExifOrientation(Encode(split, SKEncodedImageFormat.Jpeg), 6);

        using var decoded = ImageDecoder.Decode(jpeg, 50_000_000, ShortestEdge);

        // Upright it is 1200×2400 and needs 256×512: a quarter (300×600) covers it, an eighth (150×300) does not.
        Assert.Equal((1200, 2400), (decoded.Width, decoded.Height));
        Assert.Equal((300, 600), (decoded.Bitmap!.Width, decoded.Bitmap.Height));
        var top = decoded.Bitmap.GetPixel(150, 100);
        Assert.True(top.Red > top.Blue, $"the left half (red) is on top after turning: {top}");
    }

    [Fact]
    public void Decode_LargePng_DecodedWhole()
    {
        using var decoded = ImageDecoder.Decode(TestImages.Solid(TestImages.Green, 3000, 2400), 50_000_000, ShortestEdge);

        Assert.Equal((3000, 2400), (decoded.Bitmap!.Width, decoded.Bitmap.Height));
    }

    [Fact]
    public void Fill_AfterReducedScaleDecode_SameTensorAsFromEveryPixel()
    {
        var jpeg = Encode(Photo(2400, 1800), SKEncodedImageFormat.Jpeg);
        using var whole = ImageDecoder.Decode(jpeg, 50_000_000);
        using var reduced = ImageDecoder.Decode(jpeg, 50_000_000, ShortestEdge);
        var fromWhole = new float[3 * 224 * 224];
        var fromReduced = new float[3 * 224 * 224];

        ImageTensorizer.Fill(whole.Bitmap!, ShortestEdge, fromWhole);
        ImageTensorizer.Fill(reduced.Bitmap!, ShortestEdge, fromReduced);

        Assert.True(reduced.Bitmap!.Width < whole.Bitmap!.Width, "the reduced decode is smaller");
        var differences = fromWhole.Zip(fromReduced, (a, b) => MathF.Abs(a - b)).ToArray();
        // Values are 0–1: on average within a grey level or two of 255, nowhere a visible change.
        Assert.True(differences.Average() < 0.01, $"mean difference {differences.Average():0.0000}");
        Assert.True(differences.Max() < 0.1, $"largest difference {differences.Max():0.000}");
    }

    // A gradient with soft-edged shapes, as a camera would take: detail at every scale, nothing finer than a few pixels.
    private static SKBitmap Photo(int width, int height)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        using var background = new SKPaint();
        background.Shader = SKShader.CreateLinearGradient(
            new SKPoint(0, 0), new SKPoint(width, height), [new SKColor(30, 90, 160), new SKColor(240, 200, 120)], SKShaderTileMode.Clamp);
        canvas.DrawRect(0, 0, width, height, background);
        var random = new Random(7);
        using var paint = new SKPaint { IsAntialias = true, MaskFilter = SKMaskFilter.CreateBlur(SKBlurStyle.Normal, 6) };
        for (var i = 0; i < 40; i++)
        {
            paint.Color = new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256), 200);
            canvas.DrawCircle(random.Next(width), random.Next(height), random.Next(40, 300), paint);
        }

        return bitmap;
    }

    private static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format)
    {
        using (bitmap)
        using (var image = SKImage.FromBitmap(bitmap))
        using (var data = image.Encode(format, 90))
        {
            return data.ToArray();
        }
    }

    private static PreprocessorSettings Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return PreprocessorSettings.Parse(document.RootElement);
    }
}
