using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;

namespace BatchWorkers.Worker.Models;

/// <summary>An ONNX Runtime session and the execution provider it really runs on.</summary>
public sealed record LoadedSession(InferenceSession Session, string ExecutionProvider);

/// <summary>
/// One ONNX Runtime session per model version, created on first use and shared by every consumer
/// (<see cref="InferenceSession.Run(IReadOnlyCollection{NamedOnnxValue})"/> is thread-safe). A load that fails is not cached, so a
/// fixed model file is picked up by the next chunk.
/// </summary>
public sealed class OnnxSessionCache(IOptions<ModelOptions> options, ILogger<OnnxSessionCache> logger) : IDisposable
{
    public const string CpuProvider = "CPUExecutionProvider";
    public const string CudaProvider = "CUDAExecutionProvider";

    private readonly ConcurrentDictionary<string, Lazy<LoadedSession>> _sessions = new();

    public LoadedSession Get(ModelVersionInfo model)
    {
        var lazy = _sessions.GetOrAdd(model.Key, _ => new Lazy<LoadedSession>(() => Load(model)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            _sessions.TryRemove(new KeyValuePair<string, Lazy<LoadedSession>>(model.Key, lazy));
            throw;
        }
    }

    private LoadedSession Load(ModelVersionInfo model)
    {
        var path = Path.Combine(model.Directory, "model.onnx");
        if (options.Value.ExecutionProvider == "cuda" && TryLoadOnCuda(path, model) is { } onGpu)
        {
            return onGpu;
        }

        using var cpuOptions = CreateOptions();
        var session = new InferenceSession(path, cpuOptions);
        logger.LogInformation("Loaded model {Model} version {Version} on {Provider}", model.Name, model.Version, CpuProvider);
        return new LoadedSession(session, CpuProvider);
    }

    private LoadedSession? TryLoadOnCuda(string path, ModelVersionInfo model)
    {
        try
        {
            using var cudaOptions = CreateOptions();
            cudaOptions.AppendExecutionProvider_CUDA(options.Value.DeviceId);
            var session = new InferenceSession(path, cudaOptions);
            logger.LogInformation("Loaded model {Model} version {Version} on {Provider}", model.Name, model.Version, CudaProvider);
            return new LoadedSession(session, CudaProvider);
        }
        catch (Exception ex) when (ex is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
        {
            logger.LogWarning(
                "CUDA was requested (Models:ExecutionProvider=cuda) but is not available: {Reason}. Model {Model} runs on CPU. " +
                "Build with -p:Accelerator=cuda on a machine with an NVIDIA driver and CUDA 12 to use the GPU.",
                ex.Message, model.Key);
            return null;
        }
    }

    private Microsoft.ML.OnnxRuntime.SessionOptions CreateOptions()
    {
        var sessionOptions = new Microsoft.ML.OnnxRuntime.SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        if (options.Value.IntraOpThreads > 0)
        {
            sessionOptions.IntraOpNumThreads = options.Value.IntraOpThreads;
        }

        return sessionOptions;
    }

    public void Dispose()
    {
        foreach (var lazy in _sessions.Values.Where(l => l.IsValueCreated))
        {
            lazy.Value.Session.Dispose();
        }
    }
}
