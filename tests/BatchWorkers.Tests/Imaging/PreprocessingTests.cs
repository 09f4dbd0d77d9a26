using System.Text.Json;
using BatchWorkers.Tests.Infrastructure;
using BatchWorkers.Worker.Imaging;
using SkiaSharp;

namespace BatchWorkers.Tests.Imaging;

public sealed class PreprocessingTests
{
    [Fact]
    public void Parse_VitStyle_FixedSizeNoCrop()
    {
        var settings = Parse("""{"do_resize":true,"size":{"height":224,"width":224},"image_mean":[0.5,0.5,0.5],"image_std":[0.5,0.5,0.5],"rescale_factor":0.00392156862745098}""");

        Assert.Equal((224, 224), settings.OutputSize);
        Assert.Null(settings.CropWidth);
        Assert.Equal([0.5f, 0.5f, 0.5f], settings.Mean);
    }

    [Fact]
    public void Parse_ConvNextStyle_ShortSideOverCropPctThenCenterCrop()
    {
        var settings = Parse("""{"do_resize":true,"size":{"shortest_edge":224},"crop_pct":0.875,"resample":3}""");

        Assert.Equal(256, settings.ResizeShortestEdge);
        Assert.Equal((224, 224), (settings.CropWidth, settings.CropHeight));
        Assert.Equal([0.485f, 0.456f, 0.406f], settings.Mean);
    }

    [Fact]
    public void Fill_SolidColour_EachChannelRescaledAndNormalised()
    {
        using var bitmap = TestImages.Split(TestImages.Red, TestImages.Red, 64, 48);
        var settings = Parse("""{"size":{"height":32,"width":32},"image_mean":[0.5,0.5,0.5],"image_std":[0.5,0.5,0.5]}""");
        var tensor = new float[3 * 32 * 32];

        ImageTensorizer.Fill(bitmap, settings, tensor);

        Assert.All(tensor[..1024], v => Assert.Equal(((230 / 255f) - 0.5f) / 0.5f, v, 4));
        Assert.All(tensor[1024..2048], v => Assert.Equal(((20 / 255f) - 0.5f) / 0.5f, v, 4));
        Assert.All(tensor[2048..], v => Assert.Equal(((20 / 255f) - 0.5f) / 0.5f, v, 4));
    }

    [Fact]
    public void Fill_ShortestEdgeAndCenterCrop_KeepsTheMiddle()
    {
        // 300×100, left half red and right half blue: the centred 100×100 crop is half red, half blue.
        using var bitmap = TestImages.Split(TestImages.Red, TestImages.Blue, 300, 100);
        var settings = Parse("""{"size":{"shortest_edge":100},"do_center_crop":true,"crop_size":{"height":100,"width":100},"do_normalize":false,"resample":0}""");
        var tensor = new float[3 * 100 * 100];

        ImageTensorizer.Fill(bitmap, settings, tensor);

        float Channel(int c, int x, int y) => tensor[(c * 10_000) + (y * 100) + x];
        Assert.True(Channel(0, 10, 50) > 0.8f && Channel(2, 10, 50) < 0.2f, "left of the crop is red");
        Assert.True(Channel(2, 90, 50) > 0.8f && Channel(0, 90, 50) < 0.2f, "right of the crop is blue");
    }

    [Fact]
    public void Fill_BgrChannelOrder_SwapsRedAndBlue()
    {
        using var bitmap = TestImages.Split(TestImages.Red, TestImages.Red, 8, 8);
        var settings = Parse("""{"size":{"height":8,"width":8},"do_normalize":false,"channel_order":"bgr"}""");
        var tensor = new float[3 * 64];

        ImageTensorizer.Fill(bitmap, settings, tensor);

        Assert.Equal(20 / 255f, tensor[0], 4);
        Assert.Equal(230 / 255f, tensor[128], 4);
    }

    [Theory]
    [InlineData(2)] // bilinear
    [InlineData(3)] // bicubic
    public void Fill_FineStripesShrunkNineTimes_AverageToGreyAsAnAntialiasedResizeDoes(int resample)
    {
        // One-pixel black and white columns, 2000 wide, to 224: the pattern is far finer than the output grid, so a
        // resize that averages what each output pixel covers (PIL's, which Hugging Face processors use) gives an even
        // grey. One that samples a few source pixels per output pixel gives bands of black, white and everything between.
        using var stripes = new SKBitmap(new SKImageInfo(2000, 2000, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var pixels = stripes.GetPixelSpan().ToArray();
        for (var i = 0; i < pixels.Length; i += 4)
        {
            var value = (byte)((i / 4 % 2) * 255);
            (pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]) = (value, value, value, 255);
        }

        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, stripes.GetPixels(), pixels.Length);
        var settings = Parse($$"""{"size":{"height":224,"width":224},"do_normalize":false,"resample":{{resample}}}""");
        var tensor = new float[3 * 224 * 224];

        ImageTensorizer.Fill(stripes, settings, tensor);

        Assert.InRange(tensor.Min(), 0.4f, 0.6f);
        Assert.InRange(tensor.Max(), 0.4f, 0.6f);
    }

    private static PreprocessorSettings Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return PreprocessorSettings.Parse(document.RootElement);
    }
}
