using System.Diagnostics;
using System.Runtime.InteropServices;
using BatchWorkers.Benchmarks.Measurements;
using BatchWorkers.Benchmarks.Workload;
using BatchWorkers.Explainability.Rendering;
using BatchWorkers.Explainability.Saliency;
using BatchWorkers.Worker.ImageClassification;
using BatchWorkers.Worker.Imaging;
using BatchWorkers.Worker.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SkiaSharp;

namespace BatchWorkers.Benchmarks.Explanations;

/// <summary>
/// Occlusion and RISE on the benchmark classifier in this process, set up as the worker's
/// <see cref="ImageSaliencyExplainer"/> sets them up (half the budget each, the worker's batch size, the same
/// preprocessing), timed against the same session's predictions, batched and alone.
/// </summary>
public sealed class ImageMethodCosts : IDisposable
{
    private readonly BenchModel _model;
    private readonly InferenceSession _session;
    private readonly ImageClassifier _classifier;
    private readonly int _batchSize;
    private readonly List<(SKBitmap Bitmap, float[] Pixels, InputWindow Window)> _inputs = [];

    public ImageMethodCosts(BenchModel model, string folder, IReadOnlyList<byte[]> images, int batchSize)
    {
        _model = model;
        _batchSize = batchSize;
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        _session = new InferenceSession(Path.Combine(folder, "model.onnx"), options);
        _classifier = new ImageClassifier(new ModelVersionInfo(model.Name, BenchModel.Version, folder, ""), _session);
        var settings = _classifier.Settings;
        var (width, height) = settings.OutputSize;
        foreach (var bytes in images)
        {
            var decoded = ImageDecoder.Decode(bytes, new ImageClassificationOptions().MaxPixels, settings);
            var bitmap = decoded.Bitmap ?? throw new BenchmarkException($"A benchmark image did not decode: {decoded.Error}");
            var pixels = new float[3 * width * height];
            ImageTensorizer.Fill(bitmap, settings, pixels);
            var (resizedWidth, resizedHeight) = ImageTensorizer.ResizeTarget(bitmap.Width, bitmap.Height, settings);
            _inputs.Add((bitmap, pixels, InputWindow.ResizeAndCrop(bitmap.Width, bitmap.Height, resizedWidth, resizedHeight, width, height)));
        }
    }

    /// <summary>Occlusion, RISE and the heatmap PNG of one item, each against one prediction.</summary>
    public IReadOnlyList<MethodCost> Measure(int budget, CancellationToken cancellationToken)
    {
        var (batched, single) = PredictionCosts();
        Explain(0, SaliencyMethod.Occlusion, 40, cancellationToken); // warm-up: JIT, ONNX Runtime's first runs
        Explain(0, SaliencyMethod.Rise, 40, cancellationToken);

        var costs = new List<MethodCost>();
        var heatmapMs = new List<double>();
        foreach (var method in new[] { SaliencyMethod.Occlusion, SaliencyMethod.Rise })
        {
            var perItem = Enumerable.Range(0, _inputs.Count).Select(i =>
            {
                var started = Stopwatch.GetTimestamp();
                var report = Explain(i, method, Math.Max(10, budget / 2), cancellationToken);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                var renderStarted = Stopwatch.GetTimestamp();
                HeatmapRenderer.Render(_inputs[i].Bitmap, report);
                heatmapMs.Add(Stopwatch.GetElapsedTime(renderStarted).TotalMilliseconds);
                return (Ms: elapsed, report.Evaluations);
            }).ToList();
            costs.Add(new MethodCost(
                method == SaliencyMethod.Rise ? "RISE (with deletion/insertion curves)" : "Occlusion (with deletion/insertion curves)", _model.Name,
                Math.Max(10, budget / 2), ModelResult.Median(perItem.Select(p => (double)p.Evaluations)), ModelResult.Median(perItem.Select(p => p.Ms)),
                batched, single));
        }

        costs.Add(new MethodCost("Heatmap PNG over the image", _model.Name, 0, 0, ModelResult.Median(heatmapMs), batched, single));
        return costs;
    }

    private SaliencyReport Explain(int index, SaliencyMethod method, int budget, CancellationToken cancellationToken)
    {
        var (width, height) = _classifier.Settings.OutputSize;
        var input = new SaliencyInput(_inputs[index].Pixels, new ImageGeometry(3, height, width), [0f, 0f, 0f]);
        float[][] Classify(ReadOnlyMemory<float> batch, int count) =>
            _classifier.Classify(_session, new DenseTensor<float>(MemoryMarshal.AsMemory(batch), [count, 3, height, width]));
        return SaliencyExplainer.Explain(
            input, Classify, new SaliencyOptions { Method = method, Budget = budget, BatchSize = _batchSize }, _inputs[index].Window, cancellationToken);
    }

    /// <summary>Milliseconds per image of a full batch (the worker's way), and of one image on its own.</summary>
    private (double Batched, double Single) PredictionCosts()
    {
        var (width, height) = _classifier.Settings.OutputSize;
        var length = 3 * width * height;
        var batch = new float[_batchSize * length];
        for (var i = 0; i < _batchSize; i++)
        {
            _inputs[i % _inputs.Count].Pixels.CopyTo(batch, i * length);
        }

        var full = new DenseTensor<float>(batch, [_batchSize, 3, height, width]);
        var one = new DenseTensor<float>(_inputs[0].Pixels, [1, 3, height, width]);
        _classifier.Classify(_session, full);
        _classifier.Classify(_session, one);
        var batched = ModelResult.Median(Enumerable.Range(0, 5).Select(_ => Timed.Milliseconds(() => _classifier.Classify(_session, full)) / _batchSize));
        var single = ModelResult.Median(Enumerable.Range(0, 15).Select(_ => Timed.Milliseconds(() => _classifier.Classify(_session, one))));
        return (batched, single);
    }

    public void Dispose()
    {
        foreach (var input in _inputs)
        {
            input.Bitmap.Dispose();
        }

        _session.Dispose();
    }
}
