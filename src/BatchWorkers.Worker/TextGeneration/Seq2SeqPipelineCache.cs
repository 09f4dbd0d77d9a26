using BatchWorkers.Seq2Seq.Onnx;
using BatchWorkers.Seq2Seq.Pipelines;
using BatchWorkers.Worker.Models;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;

namespace BatchWorkers.Worker.TextGeneration;

/// <summary>A loaded seq2seq pipeline and the execution provider its sessions run on.</summary>
public sealed record LoadedPipeline(Seq2SeqPipeline Pipeline, string ExecutionProvider);

/// <summary>
/// One loaded <see cref="Seq2SeqPipeline"/> per model version and task, shared by every chunk, retired on
/// promotion and idleness like image sessions. The ONNX files are checked against the registry's sha256 before they
/// are opened.
/// </summary>
public sealed class Seq2SeqPipelineCache(IOptions<ModelOptions> options, ModelFiles files, ILogger<Seq2SeqPipelineCache> logger) : IModelUnloader, IDisposable
{
    private readonly LeasedModelCache<LoadedPipeline> _pipelines = new(loaded => loaded.Pipeline.Dispose());

    /// <exception cref="ModelIntegrityException">When the ONNX files' fingerprint differs from the registry's.</exception>
    public ModelLease<LoadedPipeline> Acquire(ModelVersionInfo model, Seq2SeqTask task) =>
        _pipelines.Acquire($"{model.Key}#{task}", () => Load(model, task));

    public void Retire(string modelKey)
    {
        foreach (var task in Enum.GetValues<Seq2SeqTask>())
        {
            if (_pipelines.Retire($"{modelKey}#{task}"))
            {
                logger.LogInformation("Retired the {Task} pipeline of {Model}; it is disposed when its running chunks finish", task, modelKey);
            }
        }
    }

    public int RetireIdle(TimeSpan idleFor) => _pipelines.RetireIdle(idleFor);

    public void Dispose() => _pipelines.Dispose();

    private LoadedPipeline Load(ModelVersionInfo model, Seq2SeqTask task)
    {
        // Hashing then opening by path leaves a small window; the files live in the store, which only installs write.
        var actual = ModelArtifacts.Sha256Async(model.Directory, files, CancellationToken.None).GetAwaiter().GetResult();
        if (!string.Equals(actual, model.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            logger.LogCritical(
                "Model {Model} refused: its ONNX files have fingerprint {Actual} but the registry expects {Expected}. A file was changed after registration; restore it or register it as a new version",
                model.Key, actual, model.Sha256);
            throw new ModelIntegrityException(
                $"Model {model.Key} refused: its ONNX files do not match the registered sha256 (expected {model.Sha256}, found {actual}). Restore the files or register them as a new version.");
        }

        if (options.Value.ExecutionProvider == "cuda")
        {
            try
            {
                using var cudaOptions = OnnxSessionCache.CreateOptions(options.Value);
                cudaOptions.AppendExecutionProvider_CUDA(options.Value.DeviceId);
                return Loaded(model, task, cudaOptions, OnnxSessionCache.CudaProvider);
            }
            catch (Exception ex) when (ex is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
            {
                logger.LogWarning(
                    "CUDA was requested (Models:ExecutionProvider=cuda) but is not available: {Reason}. Model {Model} runs on CPU. " +
                    "Build with -p:Accelerator=cuda on a machine with an NVIDIA driver and CUDA 12 to use the GPU.", ex.Message, model.Key);
            }
        }

        using var cpuOptions = OnnxSessionCache.CreateOptions(options.Value);
        return Loaded(model, task, cpuOptions, OnnxSessionCache.CpuProvider);
    }

    private LoadedPipeline Loaded(ModelVersionInfo model, Seq2SeqTask task, Microsoft.ML.OnnxRuntime.SessionOptions sessionOptions, string provider)
    {
        var pipeline = Seq2SeqPipeline.Load(model.Directory, task, new Seq2SeqOnnxOptions { SessionOptions = sessionOptions, FileSource = ModelArtifacts.HasSealedFiles(model.Directory) ? files : null });
        logger.LogInformation(
            "Loaded {Task} model {Model} ({Family}, {Layout} decoder, input limit {InputLimit} tokens) on {Provider}",
            task, model.Key, pipeline.Tokenizer.Family, pipeline.Model.Layout, pipeline.InputLimit, provider);
        return new LoadedPipeline(pipeline, provider);
    }
}
