using BatchWorkers.Explainability.Saliency;

namespace BatchWorkers.Explainability.Tests.Saliency;

/// <summary>The engine against plain C# classifiers: the contract with the delegate, and RISE's estimator.</summary>
public sealed class FakeClassifierTests
{
    private static readonly ImageGeometry Geometry = new(1, 16, 16);

    [Fact]
    public void Rise_ConstantModel_CentredMapIsFlatAtThatProbability()
    {
        var report = Explain(Constant(0.7f), new SaliencyOptions { Method = SaliencyMethod.Rise, Budget = 60, FaithfulnessSteps = 0 });

        Assert.All(report.Grid.Values, value => Assert.Equal(0.7f, value, 5));
    }

    [Fact]
    public void Rise_PaperEstimator_ConstantModelGivesOnlyCoverageNoise()
    {
        var options = new SaliencyOptions { Method = SaliencyMethod.Rise, Budget = 60, FaithfulnessSteps = 0, Rise = new RiseOptions { CentreOnMean = false } };

        var report = Explain(Constant(0.7f), options);

        // Σ 0.7·mask / (N·p): 0.7 times how often each pixel was kept over how often it would be on average.
        Assert.InRange(report.Grid.Values.Average(), 0.55, 0.85);
        Assert.True(report.Grid.Values.Max() - report.Grid.Values.Min() > 0.01);
    }

    [Fact]
    public void Occlusion_BrightnessModel_PeakOnBrightestSpot()
    {
        // P(class 0) rises with the brightness of pixel (12, 3) only.
        BatchClassifier model = (batch, count) =>
        {
            var rows = new float[count][];
            for (var i = 0; i < count; i++)
            {
                var p = 1 / (1 + MathF.Exp(-batch.Span[(i * Geometry.Length) + (12 * 16) + 3]));
                rows[i] = [p, 1 - p];
            }

            return rows;
        };
        var pixels = new float[Geometry.Length];
        pixels[(12 * 16) + 3] = 3f;

        var report = SaliencyExplainer.Explain(
            new SaliencyInput(pixels, Geometry, [0f]), model,
            new SaliencyOptions { GridSize = 16, Occlusion = new OcclusionOptions { PatchSize = 1, Stride = 1 } });

        Assert.Equal((12, 3), report.Grid.ArgMax());
        Assert.Equal(256, report.Parameters.Positions);
    }

    [Fact]
    public void Explain_ClassifierReturnsTooFewRows_Throws()
    {
        BatchClassifier broken = (_, count) => [.. Enumerable.Range(0, Math.Max(1, count - 1)).Select(_ => new[] { 1f })];

        var error = Assert.Throws<InvalidOperationException>(() =>
            Explain(broken, new SaliencyOptions { BatchSize = 4 }));

        Assert.Equal("The classifier returned 3 rows for 4 images.", error.Message);
    }

    [Fact]
    public void Explain_TargetBeyondClasses_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            SaliencyExplainer.Explain(new SaliencyInput(new float[Geometry.Length], Geometry, [0f], targetClass: 5), Constant(0.5f), new SaliencyOptions()));

        Assert.Equal("The classifier returned 2 classes; class 5 was asked for.", error.Message);
    }

    [Fact]
    public void Explain_Cancelled_Throws()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.Throws<OperationCanceledException>(() => SaliencyExplainer.Explain(
            new SaliencyInput(new float[Geometry.Length], Geometry, [0f]), Constant(0.5f), new SaliencyOptions(), cancellationToken: cancellation.Token));
    }

    [Fact]
    public void Explain_PassesOnlyTheBatchAskedFor()
    {
        var sizes = new List<int>();
        BatchClassifier model = (batch, count) =>
        {
            Assert.Equal(count * Geometry.Length, batch.Length);
            sizes.Add(count);
            return Constant(0.5f)(batch, count);
        };

        var report = Explain(model, new SaliencyOptions { Budget = 50, BatchSize = 8 });

        Assert.Equal(report.Evaluations, sizes.Sum());
        Assert.All(sizes, size => Assert.InRange(size, 1, 8));
    }

    private static SaliencyReport Explain(BatchClassifier classifier, SaliencyOptions options)
    {
        var pixels = new float[Geometry.Length];
        return SaliencyExplainer.Explain(new SaliencyInput(pixels, Geometry, [0f]), classifier, options);
    }

    private static BatchClassifier Constant(float probability) =>
        (_, count) => [.. Enumerable.Range(0, count).Select(_ => new[] { probability, 1 - probability })];
}
