using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;

namespace BatchWorkers.Worker.Models;

/// <summary>An ONNX Runtime session and the execution provider it really runs on.</summary>
public sealed record LoadedSession(InferenceSession Session, string ExecutionProvider)
{
    /// <summary>
    /// One batch at a time: a run already takes every core (or the GPU), so chunks that run side by side prepare
    /// their images while another runs, then wait their turn rather than split the cores between two runs.
    /// </summary>
    public SemaphoreSlim Turn { get; } = new(1, 1);
}

/// <summary>
/// One ONNX Runtime session per model version, created on first use and shared by every consumer
/// (<c>InferenceSession.Run</c> is thread-safe). Callers hold a <see cref="SessionLease"/> while they run it; a
/// retired version's session is disposed when its last lease ends. A load that fails is not cached, so a fixed
/// model file is picked up by the next chunk. The artifact is hashed from the very bytes the session is built from
/// and must match the registry's sha256.
/// </summary>
public sealed class OnnxSessionCache(IOptions<ModelOptions> options, ModelFiles files, ILogger<OnnxSessionCache> logger) : IModelUnloader, IDisposable
{
    public const string CpuProvider = "CPUExecutionProvider";
    public const string CudaProvider = "CUDAExecutionProvider";

    private readonly LeasedModelCache<LoadedSession> _sessions = new(loaded =>
    {
        loaded.Session.Dispose();
        loaded.Turn.Dispose();
    });

    /// <exception cref="ModelIntegrityException">When the artifact's sha256 differs from the registry's.</exception>
    public SessionLease Acquire(ModelVersionInfo model) => new(_sessions.Acquire(model.Key, () => Load(model)));

    /// <summary>Stops handing out a version's session; it is disposed once the chunks using it finish.</summary>
    public void Retire(string modelKey)
    {
        if (_sessions.Retire(modelKey))
        {
            logger.LogInformation("Retired the session of {Model}; it is disposed when its running chunks finish", modelKey);
        }
    }

    /// <summary>
    /// Retires sessions nobody has used for <paramref name="idleFor"/>: a version reloaded for a job pinned to it
    /// after its promotion window would otherwise stay in memory for good.
    /// </summary>
    public int RetireIdle(TimeSpan idleFor) => _sessions.RetireIdle(idleFor);

    /// <summary>How many sessions are loaded (for tests and the promotion benchmark).</summary>
    public int LoadedCount => _sessions.LoadedCount;

    private LoadedSession Load(ModelVersionInfo model)
    {
        var bytes = files.Read(model.ModelPath);
        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(actual, model.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            logger.LogCritical(
                "Model {Model} refused: {Path} has sha256 {Actual} but the registry expects {Expected}. The file was changed after registration; restore it or register it as a new version",
                model.Key, model.ModelPath, actual, model.Sha256);
            throw new ModelIntegrityException(
                $"Model {model.Key} refused: its model.onnx does not match the registered sha256 (expected {model.Sha256}, found {actual}). Restore the file or register it as a new version.");
        }

        if (options.Value.ExecutionProvider == "cuda" && TryLoadOnCuda(bytes, model) is { } onGpu)
        {
            return onGpu;
        }

        using var cpuOptions = CreateOptions(options.Value);
        var session = new InferenceSession(bytes, cpuOptions);
        logger.LogInformation("Loaded model {Model} on {Provider}", model.Key, CpuProvider);
        return new LoadedSession(session, CpuProvider);
    }

    private LoadedSession? TryLoadOnCuda(byte[] bytes, ModelVersionInfo model)
    {
        try
        {
            using var cudaOptions = CreateOptions(options.Value);
            cudaOptions.AppendExecutionProvider_CUDA(options.Value.DeviceId);
            var session = new InferenceSession(bytes, cudaOptions);
            logger.LogInformation("Loaded model {Model} on {Provider}", model.Key, CudaProvider);
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

    /// <summary>ONNX Runtime session options from the <c>Models</c> section (threads, full graph optimisation).</summary>
    internal static Microsoft.ML.OnnxRuntime.SessionOptions CreateOptions(ModelOptions modelOptions)
    {
        var sessionOptions = new Microsoft.ML.OnnxRuntime.SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        if (modelOptions.IntraOpThreads > 0)
        {
            sessionOptions.IntraOpNumThreads = modelOptions.IntraOpThreads;
        }

        return sessionOptions;
    }

    public void Dispose() => _sessions.Dispose();
}
