using System.Diagnostics;
using System.Globalization;
using BatchWorkers.Explainability.Rendering;
using BatchWorkers.Explainability.Saliency;
using BatchWorkers.Explainability.Tests.Support;
using SkiaSharp;
using Xunit.Abstractions;

namespace BatchWorkers.Explainability.Tests.Measurements;

/// <summary>
/// The cost of an explanation per item, in model evaluations and milliseconds, printed as the rows of the table in
/// docs/explainability.md. The designed model's row always runs (a second); the bench-class model's (about a minute on
/// two cores) only with <c>BW_EXPLAIN_MEASURE=1</c>:
/// <c>BW_EXPLAIN_MEASURE=1 dotnet test tests/BatchWorkers.Explainability.Tests -c Release --filter ExplanationCostMeasurements --logger "console;verbosity=detailed"</c>.
/// </summary>
[Collection(MeasurementCollection.Name)]
public sealed class ExplanationCostMeasurements(ITestOutputHelper output)
{
    [Fact]
    public void Measure_DesignedModel()
    {
        using var model = new OrtClassifier(RegionClassifier.Onnx(), 3, RegionClassifier.Size, RegionClassifier.Size);
        Measure("designed 3×32×32", model, RegionClassifier.Image(), RegionClassifier.Size, repeats: 5,
            new SaliencyOptions { GridSize = 8, Occlusion = new OcclusionOptions { PatchSize = 8, Stride = 4 }, Rise = new RiseOptions { MaskCells = 8 } });
    }

    [Fact]
    public void Measure_BenchClassModel_WhenAskedFor()
    {
        if (Environment.GetEnvironmentVariable("BW_EXPLAIN_MEASURE") != "1")
        {
            output.WriteLine("Skipped: set BW_EXPLAIN_MEASURE=1 to measure the bench-class model.");
            return;
        }

        using var model = new OrtClassifier(BenchLikeModel.Onnx(), 3, BenchLikeModel.Size, BenchLikeModel.Size);
        var random = new Random(5);
        var image = new float[3 * BenchLikeModel.Size * BenchLikeModel.Size];
        for (var i = 0; i < image.Length; i++)
        {
            image[i] = (float)((random.NextDouble() * 4) - 2);
        }

        Measure("bench-class 3×224×224", model, image, BenchLikeModel.Size, repeats: 2, new SaliencyOptions());
    }

    private void Measure(string name, OrtClassifier model, float[] image, int size, int repeats, SaliencyOptions defaults)
    {
        var geometry = new ImageGeometry(3, size, size);
        var input = new SaliencyInput(image, geometry, [0f, 0f, 0f]);
        var single = Median(20, () => model.Classify(image, 1));
        var batch = new float[16 * image.Length];
        for (var i = 0; i < 16; i++)
        {
            image.CopyTo(batch, i * image.Length);
        }

        var batched = Median(5, () => model.Classify(batch, 16)) / 16;
        output.WriteLine($"{name}: one prediction {F(single)} ms (batch of 1), {F(batched)} ms per image in batches of 16; load {Load()}");
        output.WriteLine("| model | method | budget | evaluations (method + curves + 1) | ms per item | ms per evaluation | × one prediction | deletion / insertion / random AUC |");
        foreach (var budget in new[] { 100, 500 })
        {
            foreach (var method in new[] { SaliencyMethod.Occlusion, SaliencyMethod.Rise })
            {
                var options = defaults with { Method = method, Budget = budget };
                SaliencyExplainer.Explain(input, model.Classify, options with { Budget = 20 });
                SaliencyReport? report = null;
                var ms = Median(repeats, () => report = SaliencyExplainer.Explain(input, model.Classify, options));
                var curves = report!.Faithfulness?.Evaluations ?? 0;
                var f = report.Faithfulness;
                output.WriteLine(
                    $"| {name} | {method} | {budget} | {report.Evaluations} ({report.Evaluations - curves - 1} + {curves} + 1) | {F(ms)} | " +
                    $"{F(ms / report.Evaluations)} | {F(ms / single)} | {F(f?.DeletionAuc ?? double.NaN)} / {F(f?.InsertionAuc ?? double.NaN)} / {F(f?.RandomAuc ?? double.NaN)} |");
                Assert.InRange(report.Evaluations, 1, budget);
            }
        }

        var photo = Images.Png(640, 480, new SKColor(120, 140, 160));
        var heatmapReport = SaliencyExplainer.Explain(input, model.Classify, defaults with { Budget = 20 }, InputWindow.ResizeAndCrop(640, 480, 341, 256, 224, 224));
        output.WriteLine($"target class {heatmapReport.TargetClass}, probability {heatmapReport.TargetProbability:F3}");
        var render = Median(5, () => HeatmapRenderer.Render(photo, heatmapReport));
        output.WriteLine($"heatmap PNG over a 640×480 image: {F(render)} ms");
    }

    private static double Median(int repeats, Action action)
    {
        var times = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            var started = Stopwatch.GetTimestamp();
            action();
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }

    private static string Load() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static string F(double value) => value.ToString(value < 10 ? "F2" : "F0", CultureInfo.InvariantCulture);
}

/// <summary>Timings run with no other test class beside them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasurementCollection
{
    public const string Name = "Measurements";
}
