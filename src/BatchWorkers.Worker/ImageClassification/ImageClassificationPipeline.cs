using BatchWorkers.Worker.Imaging;
using System.Diagnostics;
using System.Text.Json;
using BatchWorkers.Contracts;
using BatchWorkers.Worker.Jobs;
using BatchWorkers.Worker.Jobs.Inputs;
using BatchWorkers.Worker.Models;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace BatchWorkers.Worker.ImageClassification;

/// <summary>
/// Reads, decodes and preprocesses each image of a chunk, classifies them in batches on the model's shared
/// session, and returns the top-k labels per image. A bad image fails alone.
/// </summary>
public sealed class ImageClassificationPipeline(
    ModelCatalog catalog, OnnxSessionCache sessions, ImageClassifierCache classifiers, ItemContentReader reader,
    IOptions<ImageClassificationOptions> options, ILogger<ImageClassificationPipeline> logger) : IChunkProcessor
{
    public async Task<IReadOnlyList<ItemOutcome>> ProcessAsync(JobRecord job, IReadOnlyList<PendingItem> items, CancellationToken cancellationToken)
    {
        SessionLease lease;
        ImageClassifier classifier;
        try
        {
            var model = await catalog.ResolveAsync(job.ModelName, job.ModelVersion, cancellationToken);
            lease = sessions.Acquire(model);
            classifier = classifiers.Get(model, lease.Loaded.Session);
        }
        catch (Exception ex) when (ex is JobRejectedException or ModelIntegrityException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException or IOException or JsonException)
        {
            logger.LogError(ex, "Model {Model} {Version} cannot be used for job {JobId}", job.ModelName, job.ModelVersion, job.Id);
            var code = ex switch
            {
                JobRejectedException rejected => rejected.Code,
                ModelIntegrityException => ItemErrorCodes.ModelIntegrity,
                _ => ItemErrorCodes.ModelFailed,
            };
            return items.Select(i => ItemOutcome.Failure(i.ItemIndex, code, $"Model {job.ModelName} {job.ModelVersion} cannot be used: {ex.Message}")).ToList();
        }

        using (lease)
        {
            return await ProcessAsync(job, classifier, lease.Loaded, items, cancellationToken);
        }
    }

    private async Task<IReadOnlyList<ItemOutcome>> ProcessAsync(
        JobRecord job, ImageClassifier classifier, LoadedSession loaded, IReadOnlyList<PendingItem> items, CancellationToken cancellationToken)
    {

        var parameters = ImageClassificationParameters.FromJson(job.Parameters);
        var outcomes = new List<ItemOutcome>(items.Count);
        var batchSize = options.Value.BatchSize;
        for (var start = 0; start < items.Count; start += batchSize)
        {
            var batch = items.Skip(start).Take(batchSize).ToList();
            outcomes.AddRange(await ProcessBatchAsync(classifier, loaded, parameters, batch, cancellationToken));
        }

        return outcomes;
    }

    private async Task<IEnumerable<ItemOutcome>> ProcessBatchAsync(
        ImageClassifier classifier, LoadedSession loaded, ImageClassificationParameters parameters, List<PendingItem> items,
        CancellationToken cancellationToken)
    {
        var (width, height) = classifier.Settings.OutputSize;
        var slot = 3 * width * height;
        var pixels = new float[items.Count * slot];
        var prepared = new List<(PendingItem Item, int Slot, int Width, int Height, double PrepareMs)>(items.Count);
        var failures = new List<ItemOutcome>();
        foreach (var item in items)
        {
            var started = Stopwatch.GetTimestamp();
            var content = await reader.ReadAsync(item, cancellationToken);
            if (content.Bytes is null)
            {
                failures.Add(ItemOutcome.Failure(item.ItemIndex, content.ErrorCode!, content.Error!, classifier.Model.Version));
                continue;
            }

            using var decoded = ImageDecoder.Decode(content.Bytes, options.Value.MaxPixels);
            if (decoded.Bitmap is null)
            {
                failures.Add(ItemOutcome.Failure(item.ItemIndex, decoded.ErrorCode!, decoded.Error!, classifier.Model.Version));
                continue;
            }

            ImageTensorizer.Fill(decoded.Bitmap, classifier.Settings, pixels.AsSpan(prepared.Count * slot, slot));
            prepared.Add((item, prepared.Count, decoded.Bitmap.Width, decoded.Bitmap.Height, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
        }

        if (prepared.Count == 0)
        {
            return failures;
        }

        var inferenceStarted = Stopwatch.GetTimestamp();
        var tensor = new DenseTensor<float>(pixels.AsMemory(0, prepared.Count * slot), [prepared.Count, 3, height, width]);
        var probabilities = classifier.Classify(loaded.Session, tensor);
        var inferenceMs = Stopwatch.GetElapsedTime(inferenceStarted).TotalMilliseconds / prepared.Count;
        return failures.Concat(prepared.Select(p => Success(classifier, loaded.ExecutionProvider, parameters, p.Item, probabilities[p.Slot], p.Width, p.Height, p.PrepareMs + inferenceMs)));
    }

    private static ItemOutcome Success(
        ImageClassifier classifier, string executionProvider, ImageClassificationParameters parameters, PendingItem item, float[] probabilities, int width, int height, double durationMs)
    {
        var top = probabilities.Select((p, index) => (p, index))
            .OrderByDescending(x => x.p).Take(parameters.TopK)
            .Select(x => new LabelScore(classifier.LabelOf(x.index), x.index, x.p))
            .ToList();
        var output = JsonSerializer.Serialize(new ClassificationOutput(top, width, height), BatchWorkersJson.Options);
        return new ItemOutcome(item.ItemIndex, true, output, null, null, classifier.Model.Version, executionProvider, durationMs);
    }
}
