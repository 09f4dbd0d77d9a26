using BatchWorkers.Explainability.FineTuning;
using BatchWorkers.Explainability.Tests.Support;
using SkiaSharp;

namespace BatchWorkers.Explainability.Tests.FineTuning;

public sealed class TrainingChartsTests
{
    private static readonly EpochPoint[] Epochs =
    [
        .. Enumerable.Range(1, 12).Select(e => new EpochPoint(
            e, 1.2 * Math.Exp(-e / 4.0), 1 - (0.6 * Math.Exp(-e / 3.0)), 1.25 * Math.Exp(-e / 5.0) + 0.05, 1 - (0.65 * Math.Exp(-e / 3.5)))),
    ];

    [Fact]
    public void RenderCurves_DecodesAtChartSizeAndIsNotBlank()
    {
        using var chart = Images.Decode(TrainingCharts.RenderCurves(Epochs, bestEpoch: 11));

        Assert.Equal((TrainingCharts.CurvesWidth, TrainingCharts.CurvesHeight), (chart.Width, chart.Height));
        Assert.True(Images.DistinctColours(chart) > 50);
        Assert.True(CountNear(chart, new SKColor(31, 119, 180)) > 300, "train lines (blue) are drawn");
        Assert.True(CountNear(chart, new SKColor(255, 127, 14)) > 300, "held-out lines (orange) are drawn");
    }

    [Fact]
    public void RenderCurves_WithTitle_DrawsTextAtTheTop()
    {
        using var titled = Images.Decode(TrainingCharts.RenderCurves(Epochs, title: "shapes v3"));

        // The title band (above the panels) holds dark text pixels around the centre.
        var dark = 0;
        for (var y = 8; y < 36; y++)
        {
            for (var x = 400; x < 600; x++)
            {
                dark += titled.GetPixel(x, y).Red < 100 ? 1 : 0;
            }
        }

        Assert.True(dark > 40, $"{dark} dark pixels in the title band");
    }

    [Fact]
    public void RenderCurves_OneEpochOrNonFiniteLoss_StillRenders()
    {
        using var one = Images.Decode(TrainingCharts.RenderCurves([new EpochPoint(1, 0.7, 0.6, double.NaN, 0.5)]));

        Assert.Equal(TrainingCharts.CurvesWidth, one.Width);
        Assert.Throws<ArgumentException>(() => TrainingCharts.RenderCurves([]));
    }

    [Fact]
    public void RenderConfusionMatrix_CellsColouredByRowShare()
    {
        int[][] matrix = [[10, 0], [5, 5]];

        using var chart = Images.Decode(TrainingCharts.RenderConfusionMatrix(["cat", "dog"], matrix));

        Assert.True(Images.DistinctColours(chart) > 20);
        // Cells are 64 px for two classes; sample near each cell's top-left corner, clear of the counts.
        var cells = FindCells(chart);
        Assert.Equal(new SKColor(253, 231, 37), chart.GetPixel(cells.X + 4, cells.Y + 4));     // cat→cat: 100% (viridis top)
        Assert.Equal(new SKColor(68, 1, 84), chart.GetPixel(cells.X + 64 + 4, cells.Y + 4));   // cat→dog: 0%
        Assert.Equal(new SKColor(33, 144, 140), chart.GetPixel(cells.X + 4, cells.Y + 64 + 4)); // dog→cat: 50%
    }

    [Fact]
    public void RenderConfusionMatrix_ManyClasses_GrowsWithSmallerCells()
    {
        var labels = Enumerable.Range(0, 60).Select(i => $"class number {i} with a long name").ToList();
        var matrix = labels.Select((_, r) => (IReadOnlyList<int>)labels.Select((_, c) => r == c ? 9 : 1).ToList()).ToList();

        using var chart = Images.Decode(TrainingCharts.RenderConfusionMatrix(labels, matrix));

        Assert.InRange(chart.Width, 60 * 12, 1400);
        Assert.InRange(chart.Height, 60 * 12, 1400);
    }

    [Fact]
    public void Build_RunWithEpochsAndMatrix_AllChartsAndMetrics()
    {
        var run = new TrainingRun(Epochs, 11, ["a", "b"], [[3, 1], [0, 4]]);

        var report = TrainingCharts.Build(run);

        Assert.NotNull(report.CurvesPng);
        Assert.NotNull(report.ConfusionMatrixPng);
        Assert.Equal(0.875, report.Metrics!.Accuracy, 10);
        Assert.Same(run, report.Run);
    }

    [Fact]
    public void Build_TransferRunWithoutEpochs_OnlyTheMatrix()
    {
        var report = TrainingCharts.Build(new TrainingRun([], null, ["a", "b"], [[1, 0], [0, 1]]));

        Assert.Null(report.CurvesPng);
        Assert.NotNull(report.ConfusionMatrixPng);
    }

    private static int CountNear(SKBitmap bitmap, SKColor colour)
    {
        var count = 0;
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var p = bitmap.GetPixel(x, y);
                count += Math.Abs(p.Red - colour.Red) + Math.Abs(p.Green - colour.Green) + Math.Abs(p.Blue - colour.Blue) < 30 ? 1 : 0;
            }
        }

        return count;
    }

    /// <summary>About the matrix's top-left corner: the leftmost pixel of the 100% cell's yellow (the colour bar lies further right).</summary>
    private static SKPointI FindCells(SKBitmap bitmap)
    {
        for (var x = 0; x < bitmap.Width; x++)
        {
            for (var y = 0; y < bitmap.Height; y++)
            {
                if (bitmap.GetPixel(x, y) == new SKColor(253, 231, 37))
                {
                    return new SKPointI(x, y);
                }
            }
        }

        throw new InvalidOperationException("No 100% cell found.");
    }
}
