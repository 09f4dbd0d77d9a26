using BatchWorkers.Explainability.Rendering;
using BatchWorkers.Explainability.Saliency;
using BatchWorkers.Explainability.Tests.Support;
using SkiaSharp;

namespace BatchWorkers.Explainability.Tests.Rendering;

public sealed class HeatmapRendererTests
{
    private static readonly SKColor Grey = new(128, 128, 128);

    [Fact]
    public void Render_Png_DecodesAtOriginalSize()
    {
        var original = Images.Png(96, 64, Grey);

        using var rendered = Images.Decode(HeatmapRenderer.Render(original, CornerReport(96, 64)));

        Assert.Equal((96, 64), (rendered.Width, rendered.Height));
    }

    [Fact]
    public void Render_SalientCorner_ChangesThatCornerMoreThanTheRest()
    {
        var original = Images.Png(96, 64, Grey);
        using var before = Images.Decode(original);

        using var after = Images.Decode(HeatmapRenderer.Render(original, CornerReport(96, 64), new HeatmapOptions { OutlineRegions = false }));

        var corner = Images.MeanDifference(before, after, 0, 0, 24, 16);
        var rest = Images.MeanDifference(before, after, 48, 32, 96, 64);
        Assert.True(corner > 60, $"corner changed by {corner:F1}");
        Assert.True(rest < 1, $"the rest changed by {rest:F1}");
    }

    [Fact]
    public void Render_TopRegions_OutlinedInCyan()
    {
        var report = CornerReport(96, 64);
        var original = Images.Png(96, 64, Grey);

        using var outlined = Images.Decode(HeatmapRenderer.Render(original, report));
        using var plain = Images.Decode(HeatmapRenderer.Render(original, report, new HeatmapOptions { OutlineRegions = false }));

        // Cell (0, 0) of the 4 × 4 grid is 24 × 16 original pixels; its right edge runs down x = 24.
        Assert.Equal(new PixelBox(0, 0, 24, 16), report.TopRegions[0].Box);
        var edge = outlined.GetPixel(24, 10);
        Assert.True(edge.Blue - edge.Red > 120 && edge.Green - edge.Red > 100, $"edge pixel {edge}");
        Assert.NotEqual(edge, plain.GetPixel(24, 10));
    }

    [Fact]
    public void Render_MaxSide_ShrinksKeepingAspect()
    {
        using var rendered = Images.Decode(HeatmapRenderer.Render(Images.Png(400, 200, Grey), CornerReport(400, 200), new HeatmapOptions { MaxSide = 100 }));

        Assert.Equal((100, 50), (rendered.Width, rendered.Height));
    }

    [Fact]
    public void Render_NothingSalient_LeavesImageAsItWas()
    {
        var report = CornerReport(96, 64) with { Grid = new SaliencyGrid(4, 4, new float[16], 32, 32), TopRegions = [] };
        var original = Images.Png(96, 64, Grey);
        using var before = Images.Decode(original);

        using var after = Images.Decode(HeatmapRenderer.Render(original, report));

        Assert.Equal(0, Images.MeanDifference(before, after, 0, 0, 96, 64));
    }

    [Fact]
    public void Render_NotAnImage_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => HeatmapRenderer.Render([1, 2, 3, 4], CornerReport(8, 8)));
    }

    [Fact]
    public void Render_DesignedModelThroughCrop_HeatLandsOnTheCroppedRegion()
    {
        // The 32 × 32 model input is the centre crop of a 42 × 32 resize of a 320 × 240 image: it starts 38 pixels in.
        using var model = new OrtClassifier(RegionClassifier.Onnx(), 3, RegionClassifier.Size, RegionClassifier.Size);
        var window = InputWindow.ResizeAndCrop(320, 240, 42, 32, 32, 32);
        var report = SaliencyExplainer.Explain(
            new SaliencyInput(RegionClassifier.Image(), new ImageGeometry(3, 32, 32), [0f, 0f, 0f]),
            model.Classify,
            new SaliencyOptions { GridSize = 8, Occlusion = new OcclusionOptions { PatchSize = 8, Stride = 4 } },
            window);
        var original = Images.Png(320, 240, Grey);
        using var before = Images.Decode(original);

        using var after = Images.Decode(HeatmapRenderer.Render(original, report, new HeatmapOptions { OutlineRegions = false }));

        // The decisive square is input pixels 0–8, i.e. original x 38–99 and y 0–60; left of the crop nothing changes.
        var square = Images.MeanDifference(before, after, 42, 4, 95, 56);
        var leftOfCrop = Images.MeanDifference(before, after, 0, 0, 36, 240);
        var farCorner = Images.MeanDifference(before, after, 200, 120, 320, 240);
        Assert.True(square > 40, $"the square changed by {square:F1}");
        Assert.Equal(0, leftOfCrop);
        Assert.True(farCorner < 1, $"the far corner changed by {farCorner:F1}");
    }

    [Fact]
    public void Fonts_OnThisMachine_TextRenders()
    {
        using var bitmap = new SKBitmap(120, 40);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using var font = new SKFont(Fonts.Typeface, 24);
        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };

        canvas.DrawText("Epoch 12", 4, 30, SKTextAlign.Left, font, paint);

        Assert.True(Fonts.TextAvailable, "no font with glyphs found: install fonts-dejavu-core");
        Assert.True(Images.DistinctColours(bitmap) > 5);
    }

    [Theory]
    [InlineData(Colormap.Inferno, 0.0, 0, 0, 4)]
    [InlineData(Colormap.Inferno, 1.0, 252, 255, 164)]
    [InlineData(Colormap.Inferno, 0.05, 11, 6, 30)]
    [InlineData(Colormap.Viridis, 0.95, 220, 227, 38)]
    [InlineData(Colormap.Viridis, 1.0, 253, 231, 37)]
    public void Colormap_StopsAndInterpolation(Colormap colormap, double t, byte r, byte g, byte b)
    {
        Assert.Equal((r, g, b), ColormapTable.Map(colormap, t));
    }

    /// <summary>A 4 × 4 occlusion grid over the whole image whose only salient cell is the top-left one.</summary>
    private static SaliencyReport CornerReport(int width, int height)
    {
        var grid = new SaliencyGrid(4, 4, [1f, .. new float[15]], 32, 32);
        var window = InputWindow.Whole(width, height);
        return new SaliencyReport(
            SaliencyMethod.Occlusion, 0, 0.9f, grid, SaliencyExplainer.TopRegions(grid, 3, window), null, 10, 10,
            new SaliencyParameters(), window, []);
    }
}
