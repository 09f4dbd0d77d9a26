using BatchWorkers.Benchmarks.Workload;

namespace BatchWorkers.Benchmarks;

/// <summary>What to measure. Every default is what <c>./bench.sh</c> with no arguments runs.</summary>
/// <param name="Images">Images in the measured job. Default 512.</param>
/// <param name="Runs">Repetitions; medians are reported. Default 3.</param>
/// <param name="BatchSize">Images per ONNX Runtime call, and the worker's chunk size. Default 32.</param>
/// <param name="Models">Benchmark models to run. Default: bench and bench-light.</param>
/// <param name="MarkdownPath">Also write the result tables as Markdown here. Default: none.</param>
/// <param name="WorkerSettings">Extra worker configuration, e.g. ImageClassification:ConcurrentChunks=2. Default: none.</param>
/// <param name="Cuda">Run the raw baseline and the worker on CUDA (a build with -p:Accelerator=cuda). Default: CPU.</param>
/// <param name="ImageWidth">Width of the generated JPEGs. Default 256.</param>
/// <param name="ImageHeight">Height of the generated JPEGs. Default 256.</param>
public sealed record BenchOptions(
    int Images, int Runs, int BatchSize, IReadOnlyList<string> Models, string? MarkdownPath,
    IReadOnlyDictionary<string, string> WorkerSettings, bool Cuda, int ImageWidth = BenchImages.Size, int ImageHeight = BenchImages.Size)
{
    public const string CpuProvider = "CPUExecutionProvider";
    public const string CudaProvider = "CUDAExecutionProvider";

    /// <summary>The execution provider both measurements must run on.</summary>
    public string ExecutionProvider => Cuda ? CudaProvider : CpuProvider;

    /// <summary>The worker's settings: <see cref="WorkerSettings"/>, plus the CUDA provider when <see cref="Cuda"/> is set.</summary>
    public IReadOnlyDictionary<string, string> EffectiveWorkerSettings =>
        Cuda ? new Dictionary<string, string>(WorkerSettings) { ["Models:ExecutionProvider"] = "cuda" } : WorkerSettings;

    /// <summary>Seed of the model weights and the images, so every run measures the same work.</summary>
    public const int Seed = 42;
}
