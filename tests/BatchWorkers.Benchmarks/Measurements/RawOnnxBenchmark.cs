using System.Diagnostics;
using BatchWorkers.Worker.ImageClassification;
using BatchWorkers.Worker.Imaging;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace BatchWorkers.Benchmarks.Measurements;

/// <summary>Where the time of one in-process pass over the images went.</summary>
/// <param name="CpuShare">This process's CPU time over wall time × cores during the pass (see <see cref="CpuMeter"/>).</param>
public sealed record PipelineTiming(TimeSpan Total, TimeSpan Decode, TimeSpan Tensorize, TimeSpan Inference, int Images, double CpuShare)
{
    public double ImagesPerSecond => Images / Total.TotalSeconds;
}

/// <summary>
/// The raw ONNX Runtime baseline: the model's <c>model.onnx</c> in an <see cref="InferenceSession"/> with the
/// worker's options (ORT_ENABLE_ALL, default threads), fed pre-built float batches, so nothing but
/// <see cref="InferenceSession.Run(IReadOnlyCollection{NamedOnnxValue}, IReadOnlyCollection{string})"/> is timed.
/// </summary>
public sealed class RawOnnxBenchmark : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string _inputName;
    private readonly string _outputName;
    private readonly PreprocessorSettings _settings;
    private readonly IReadOnlyList<byte[]> _images;
    private readonly int _batchSize;
    private readonly List<DenseTensor<float>> _batches;

    private static readonly long MaxPixels = new ImageClassificationOptions().MaxPixels;

    public RawOnnxBenchmark(string modelFolder, IReadOnlyList<byte[]> images, int batchSize, bool cuda)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        if (cuda)
        {
            try
            {
                options.AppendExecutionProvider_CUDA(0);
            }
            catch (Exception ex) when (ex is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
            {
                throw new BenchmarkException($"--cuda: ONNX Runtime cannot use CUDA here ({ex.Message}). Build with BW_ACCELERATOR=cuda on a machine with an NVIDIA GPU.");
            }
        }

        _session = new InferenceSession(Path.Combine(modelFolder, "model.onnx"), options);
        _inputName = _session.InputMetadata.Keys.First();
        _outputName = _session.OutputMetadata.ContainsKey("logits") ? "logits" : _session.OutputMetadata.Keys.First();
        _settings = PreprocessorSettings.Load(modelFolder);
        _images = images;
        _batchSize = batchSize;
        // The same pixels the worker would produce, prepared once, outside any timing.
        _batches = Batches().Select(batch => Prepare(batch).Tensor).ToList();
    }

    /// <summary>session.Run over every image in batches: the throughput the worker is compared against.</summary>
    public PipelineTiming RunInference()
    {
        var cpu = CpuMeter.Start();
        var started = Stopwatch.GetTimestamp();
        foreach (var batch in _batches)
        {
            Run(batch);
        }

        var total = Stopwatch.GetElapsedTime(started);
        return new PipelineTiming(total, TimeSpan.Zero, TimeSpan.Zero, total, _images.Count, cpu.Share());
    }

    /// <summary>
    /// Decode, preprocess and run in batches with the worker's own <see cref="ImageDecoder"/> and
    /// <see cref="ImageTensorizer"/>, one thread preparing then ONNX Runtime running, as the worker's pipeline does;
    /// without the queue and the database. Context, not the baseline.
    /// </summary>
    public PipelineTiming RunWithPreprocessing()
    {
        var (decode, tensorize, inference) = (TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
        var cpu = CpuMeter.Start();
        var started = Stopwatch.GetTimestamp();
        foreach (var batch in Batches())
        {
            var prepared = Prepare(batch);
            decode += prepared.Decode;
            tensorize += prepared.Tensorize;
            var inferenceStarted = Stopwatch.GetTimestamp();
            Run(prepared.Tensor);
            inference += Stopwatch.GetElapsedTime(inferenceStarted);
        }

        return new PipelineTiming(Stopwatch.GetElapsedTime(started), decode, tensorize, inference, _images.Count, cpu.Share());
    }

    /// <summary>Runs a few batches so ONNX Runtime has allocated its buffers and spun up its threads.</summary>
    public void WarmUp(int batches)
    {
        for (var i = 0; i < batches; i++)
        {
            Run(_batches[i % _batches.Count]);
        }
    }

    private void Run(DenseTensor<float> batch)
    {
        using var outputs = _session.Run([NamedOnnxValue.CreateFromTensor(_inputName, batch)], [_outputName]);
    }

    private IEnumerable<IReadOnlyList<byte[]>> Batches() => _images.Chunk(_batchSize);

    private (DenseTensor<float> Tensor, TimeSpan Decode, TimeSpan Tensorize) Prepare(IReadOnlyList<byte[]> batch)
    {
        var (width, height) = _settings.OutputSize;
        var slot = 3 * width * height;
        var pixels = new float[batch.Count * slot];
        var (decode, tensorize) = (TimeSpan.Zero, TimeSpan.Zero);
        for (var i = 0; i < batch.Count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var decoded = ImageDecoder.Decode(batch[i], MaxPixels, _settings);
            var bitmap = decoded.Bitmap ?? throw new BenchmarkException($"A benchmark image does not decode: {decoded.Error}");
            var decodedAt = Stopwatch.GetTimestamp();
            ImageTensorizer.Fill(bitmap, _settings, pixels.AsSpan(i * slot, slot));
            decode += Stopwatch.GetElapsedTime(started, decodedAt);
            tensorize += Stopwatch.GetElapsedTime(decodedAt);
        }

        return (new DenseTensor<float>(pixels, [batch.Count, 3, height, width]), decode, tensorize);
    }

    public void Dispose() => _session.Dispose();
}
