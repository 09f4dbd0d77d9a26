using BatchWorkers.Explainability.Saliency;

namespace BatchWorkers.Explainability.Tests.Saliency;

public sealed class SaliencyPiecesTests
{
    [Fact]
    public void ToGrid_MeanPoolsUnevenCells()
    {
        // 5 × 4 map of value = y; 2 × 2 grid: rows 0–1 and 2–4.
        var map = new SaliencyMap(5, 4, [.. Enumerable.Range(0, 20).Select(i => (float)(i / 4))]);

        var grid = map.ToGrid(2, 2);

        Assert.Equal([0.5f, 0.5f, 3f, 3f], grid.Values);
        Assert.Equal((0, 2, 2, 5), grid.CellBounds(1, 0));
        Assert.Equal((1, 0), grid.ArgMax());
    }

    [Fact]
    public void ToGrid_MoreCellsThanPixels_ClampsToMapSize()
    {
        var grid = new SaliencyMap(3, 2, new float[6]).ToGrid(14, 14);

        Assert.Equal((3, 2), (grid.Rows, grid.Columns));
    }

    [Fact]
    public void Auc_Trapezoid_NormalisedToUnitInterval()
    {
        Assert.Equal(0.5, Faithfulness.Auc([1f, 0f]), 6);
        Assert.Equal(1.0, Faithfulness.Auc([1f, 1f, 1f]), 6);
        Assert.Equal(0.25, Faithfulness.Auc([1f, 0f, 0f]), 6);
    }

    [Theory]
    [InlineData(20, 1000, 20)]
    [InlineData(20, 58, 20)]
    [InlineData(20, 57, 19)]
    [InlineData(20, 4, 2)]
    [InlineData(20, 3, 0)]
    [InlineData(1, 100, 0)]
    public void StepsWithin_FitsCurvesInBudget(int steps, int budget, int expected)
    {
        var fitted = Faithfulness.StepsWithin(steps, budget);

        Assert.Equal(expected, fitted);
        Assert.InRange(Faithfulness.EvaluationsFor(fitted), 0, budget);
    }

    [Fact]
    public void ResizeAndCrop_MapsInputCellsOntoOriginalPixels()
    {
        // 640 × 480 → shortest edge 256 → 341 × 256 → centre crop 224: offset (58, 16) resized pixels, scales 1.877 and 1.875;
        // the box takes every original pixel a cell touches: 108.86 to 529.26 across, 30 to 450 down.
        var window = InputWindow.ResizeAndCrop(640, 480, 341, 256, 224, 224);

        Assert.Equal(58 * 640 / 341.0, window.Left, 6);
        Assert.Equal(30.0, window.Top, 6);
        Assert.Equal(new PixelBox(108, 30, 422, 420), window.ToImage(0, 0, 224, 224, 224, 224));
    }

    [Fact]
    public void ToImage_BoxOutsideImage_ClipsToImage()
    {
        var window = new InputWindow(100, 100, -10, -10, 120, 120);

        Assert.Equal(new PixelBox(0, 0, 50, 50), window.ToImage(0, 0, 10, 10, 20, 20));
    }

    [Fact]
    public void TopRegions_PositiveCellsOnlyMostSalientFirst()
    {
        var grid = new SaliencyGrid(2, 2, [0.1f, -0.3f, 0.7f, 0f], 20, 20);

        var regions = SaliencyExplainer.TopRegions(grid, 3, InputWindow.Whole(40, 40));

        Assert.Equal(
            [new SaliencyRegion(1, 1, 0, 0.7f, new PixelBox(0, 20, 20, 20)), new SaliencyRegion(2, 0, 0, 0.1f, new PixelBox(0, 0, 20, 20))],
            regions);
    }

    [Fact]
    public void Report_Json_RoundTripsWithMethodByName()
    {
        var report = new SaliencyReport(
            SaliencyMethod.Rise, 3, 0.9f, new SaliencyGrid(1, 2, [0.25f, 0.5f], 4, 8), [],
            new FaithfulnessResult(2, [0.9f, 0.6f, 0.1f], [0.1f, 0.8f, 0.9f], [0.9f, 0.5f, 0.1f], 0.5, 0.65, 0.5, 4),
            12, 20, new SaliencyParameters(Masks: 7, MaskCells: 2, KeepProbability: 0.5, Seed: 1), InputWindow.Whole(8, 4), ["a note"]);

        var json = report.ToJson();
        var read = SaliencyReport.FromJson(json);

        Assert.Contains("\"method\":\"Rise\"", json, StringComparison.Ordinal);
        Assert.Equal(report.Grid.Values, read.Grid.Values);
        Assert.Equal(report.Faithfulness!.Insertion, read.Faithfulness!.Insertion);
        Assert.Equal(report with { Grid = read.Grid, Faithfulness = read.Faithfulness, TopRegions = read.TopRegions, Notes = read.Notes }, read);
        Assert.Equal(["a note"], read.Notes);
    }

    [Theory]
    [InlineData(1, 16, 0.25)]
    [InlineData(100, 0, 0.25)]
    [InlineData(100, 16, 0.95)]
    public void Validate_OutOfRange_ThrowsArgumentException(int budget, int batchSize, double share)
    {
        var options = new SaliencyOptions { Budget = budget, BatchSize = batchSize, FaithfulnessShare = share };

        Assert.Throws<ArgumentException>(options.Validate);
    }

    [Fact]
    public void Validate_NestedOutOfRange_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(new SaliencyOptions { Rise = new RiseOptions { KeepProbability = 1 } }.Validate);
        Assert.Throws<ArgumentException>(new SaliencyOptions { Occlusion = new OcclusionOptions { Stride = 0 } }.Validate);
    }

    [Fact]
    public void Input_WrongLengthOrBaseline_Throws()
    {
        var geometry = new ImageGeometry(3, 4, 4);

        Assert.Throws<ArgumentException>(() => new SaliencyInput(new float[47], geometry, [0f, 0f, 0f]));
        Assert.Throws<ArgumentException>(() => new SaliencyInput(new float[48], geometry, [0f]));
    }
}
