using BatchWorkers.Explainability.Saliency;
using BatchWorkers.Explainability.Tests.Support;

namespace BatchWorkers.Explainability.Tests.Saliency;

/// <summary>
/// The test: a classifier written with designed weights decides on the red channel of the top-left 8 × 8 square
/// of a 32 × 32 image only. Both methods must put the saliency peak there, and the saliency order must delete (and
/// insert) the evidence faster than a random order, within the budget, through a real ONNX Runtime session.
/// </summary>
public sealed class RegionClassifierSaliencyTests : IDisposable
{
    private const int Size = RegionClassifier.Size;
    private readonly OrtClassifier _model = new(RegionClassifier.Onnx(), 3, Size, Size);

    public void Dispose() => _model.Dispose();

    [Theory]
    [InlineData(SaliencyMethod.Occlusion)]
    [InlineData(SaliencyMethod.Rise)]
    public void Explain_DecisionOnKnownRegion_PeakLiesInRegion(SaliencyMethod method)
    {
        var report = Explain(Options(method));

        var (row, column) = report.Grid.ArgMax();
        var (left, top, right, bottom) = report.Grid.CellBounds(row, column);
        Assert.True(
            RegionClassifier.InRegion((top + bottom) / 2.0, (left + right) / 2.0),
            $"{method}: the peak is cell ({row}, {column}), input pixels x {left}–{right}, y {top}–{bottom}");
        Assert.Equal(0, report.TargetClass);
        Assert.InRange(report.TargetProbability, 0.95f, 0.96f);
        var first = report.TopRegions[0];
        Assert.Equal((1, row, column), (first.Rank, first.Row, first.Column));
    }

    [Theory]
    [InlineData(SaliencyMethod.Occlusion)]
    [InlineData(SaliencyMethod.Rise)]
    public void Explain_DecisionOnKnownRegion_OutsideRegionScoresBelowPeak(SaliencyMethod method)
    {
        var grid = Explain(Options(method)).Grid;

        // Mean of the cells inside the square against the mean of those outside it: the square must stand out.
        var (inside, outside) = (new List<float>(), new List<float>());
        for (var r = 0; r < grid.Rows; r++)
        {
            for (var c = 0; c < grid.Columns; c++)
            {
                var (left, top, right, bottom) = grid.CellBounds(r, c);
                (RegionClassifier.InRegion((top + bottom) / 2.0, (left + right) / 2.0) ? inside : outside).Add(grid[r, c]);
            }
        }

        Assert.True(inside.Average() > outside.Max(), $"{method}: inside mean {inside.Average()}, outside max {outside.Max()}");
    }

    [Theory]
    [InlineData(SaliencyMethod.Occlusion)]
    [InlineData(SaliencyMethod.Rise)]
    public void Explain_DecisionOnKnownRegion_DeletionAndInsertionBeatRandomOrder(SaliencyMethod method)
    {
        var faithfulness = Explain(Options(method)).Faithfulness;

        Assert.NotNull(faithfulness);
        Assert.True(faithfulness.DeletionAuc < faithfulness.RandomAuc - 0.1,
            $"{method}: deletion AUC {faithfulness.DeletionAuc:F3}, random {faithfulness.RandomAuc:F3}");
        Assert.True(faithfulness.InsertionAuc > faithfulness.RandomAuc + 0.1,
            $"{method}: insertion AUC {faithfulness.InsertionAuc:F3}, random {faithfulness.RandomAuc:F3}");
        // End points: the unaltered image (0.953) and the all-baseline image (m = 0, so 0.5).
        Assert.Equal(faithfulness.Deletion[0], faithfulness.Insertion[^1]);
        Assert.Equal(0.5f, faithfulness.Deletion[^1], 3);
        Assert.Equal(faithfulness.Deletion[^1], faithfulness.Insertion[0]);
    }

    [Theory]
    [InlineData(SaliencyMethod.Occlusion, 500)]
    [InlineData(SaliencyMethod.Rise, 500)]
    [InlineData(SaliencyMethod.Occlusion, 40)]
    [InlineData(SaliencyMethod.Rise, 40)]
    [InlineData(SaliencyMethod.Occlusion, 2)]
    [InlineData(SaliencyMethod.Rise, 3)]
    public void Explain_AnyBudget_EvaluatesNoMoreThanBudgetAndCountsEveryImage(SaliencyMethod method, int budget)
    {
        var report = Explain(Options(method) with { Budget = budget });

        Assert.InRange(report.Evaluations, 1, budget);
        Assert.Equal(_model.Images, report.Evaluations);
        Assert.InRange(_model.LargestBatch, 1, 16);
    }

    [Fact]
    public void Explain_OcclusionOverBudget_WidensStrideAndSaysSo()
    {
        // Patch 8 stride 4 needs 7 × 7 = 49 positions.
        var report = Explain(Options(SaliencyMethod.Occlusion) with { Budget = 40 });

        // 1 for the image and 10 set aside for 4 curve steps leave 29: stride 6 with the patch scaled to 12 gives 5 × 5.
        Assert.Equal((12, 6, 25), (report.Parameters.PatchSize, report.Parameters.Stride, report.Parameters.Positions));
        Assert.Contains("occlusion patch 8 stride 4 needs 49 evaluations; patch 12 stride 6 (25) fits the 29 left in the budget", report.Notes);
        var (row, column) = report.Grid.ArgMax();
        var (left, top, right, bottom) = report.Grid.CellBounds(row, column);
        Assert.True(RegionClassifier.InRegion((top + bottom) / 2.0, (left + right) / 2.0));
    }

    [Fact]
    public void Explain_RiseOverBudget_UsesFewerMasksAndSaysSo()
    {
        var report = Explain(Options(SaliencyMethod.Rise) with { Budget = 100 });

        Assert.InRange(report.Parameters.Masks ?? 0, 1, 99);
        Assert.Contains(report.Notes, note => note.StartsWith($"RISE: {report.Parameters.Masks} masks instead of 400", StringComparison.Ordinal));
    }

    [Fact]
    public void Explain_Rise_SameSeedSameReportOtherSeedOtherMap()
    {
        var options = Options(SaliencyMethod.Rise) with { Budget = 200 };

        var first = Explain(options);
        var again = Explain(options);
        var otherSeed = Explain(options with { Seed = 99 });

        Assert.Equal(first.Grid.Values, again.Grid.Values);
        Assert.Equal(first.Faithfulness!.RandomDeletion, again.Faithfulness!.RandomDeletion);
        Assert.Equal(first.ToJson(), again.ToJson());
        Assert.NotEqual(first.Grid.Values, otherSeed.Grid.Values);
    }

    [Fact]
    public void Explain_Rise_BatchSizeDoesNotChangeTheMap()
    {
        var options = Options(SaliencyMethod.Rise) with { Budget = 120 };

        var batched = Explain(options with { BatchSize = 16 });
        var single = Explain(options with { BatchSize = 1 });

        for (var i = 0; i < batched.Grid.Values.Length; i++)
        {
            Assert.Equal(batched.Grid.Values[i], single.Grid.Values[i], 5);
        }
    }

    [Fact]
    public void Explain_OtherClass_RegionLowersItsProbabilityInstead()
    {
        var report = Explain(Options(SaliencyMethod.Occlusion), targetClass: 1);

        Assert.Equal(1, report.TargetClass);
        Assert.InRange(report.TargetProbability, 0.04f, 0.05f);
        // Occluding the square raises class 1's probability: negative saliency there, and no positive cell anywhere.
        Assert.True(report.Grid[0, 0] < 0);
        Assert.Empty(report.TopRegions);
    }

    [Fact]
    public void Explain_Window_MapsTopRegionsOntoOriginalImage()
    {
        // The 32 × 32 input was cut from a 320 × 240 photo: resized to 42 × 32 (shortest edge 32), centre crop 32 × 32.
        var window = InputWindow.ResizeAndCrop(320, 240, 42, 32, 32, 32);

        var report = Explain(Options(SaliencyMethod.Occlusion), window: window);

        var box = report.TopRegions[0].Box;
        // Left crop offset 5 resized pixels = 38.1 original pixels; a 4-pixel cell is 30.5 × 30 original pixels.
        Assert.Equal(new PixelBox(38, 0, 31, 30), box);
        Assert.Same(window, report.Window);
    }

    private SaliencyReport Explain(SaliencyOptions options, int? targetClass = null, InputWindow? window = null) =>
        SaliencyExplainer.Explain(
            new SaliencyInput(RegionClassifier.Image(), new ImageGeometry(3, Size, Size), [0f, 0f, 0f], targetClass),
            _model.Classify,
            options,
            window);

    private static SaliencyOptions Options(SaliencyMethod method) => new()
    {
        Method = method,
        Budget = 500,
        GridSize = 8,
        Occlusion = new OcclusionOptions { PatchSize = 8, Stride = 4 },
        Rise = new RiseOptions { Masks = 400, MaskCells = 8 },
    };
}
