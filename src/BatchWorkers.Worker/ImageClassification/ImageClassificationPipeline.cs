using System.Diagnostics;
using BatchWorkers.Worker.Imaging;
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
    IOptions<ImageClassificationOptions> options, IOptions<InputOptions> inputs, ILogger<ImageClassificationPipeline> logger) : IChunkProcessor
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
        var reads = await ConcurrentReads.ReadAllAsync(items, inputs.Value.ConcurrentReads, async (item, ct) =>
        {
            var started = Stopwatch.GetTimestamp();
            var content = await reader.ReadAsync(item, ct);
            return (Content: content, Ms: Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }, cancellationToken);
        var contents = reads.Select(r => r.Content).ToArray();
        var readMs = reads.Select(r => r.Ms).ToArray();

        // Decoding and resizing run on every core: ONNX Runtime is idle until the batch is ready.
        var pixels = new float[items.Count * slot];
        var prepared = new PreparedImage?[items.Count];
        var failures = new ItemOutcome?[items.Count];
        Parallel.For(0, items.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var started = Stopwatch.GetTimestamp();
            if (contents[i].Bytes is not { } bytes)
            {
                failures[i] = ItemOutcome.Failure(items[i].ItemIndex, contents[i].ErrorCode!, contents[i].Error!, classifier.Model.Version);
                return;
            }

            using var decoded = ImageDecoder.Decode(bytes, options.Value.MaxPixels, classifier.Settings);
            if (decoded.Bitmap is null)
            {
                failures[i] = ItemOutcome.Failure(items[i].ItemIndex, decoded.ErrorCode!, decoded.Error!, classifier.Model.Version);
                return;
            }

            ImageTensorizer.Fill(decoded.Bitmap, classifier.Settings, pixels.AsSpan(i * slot, slot));
            prepared[i] = new PreparedImage(decoded.Width, decoded.Height, readMs[i] + Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        });

        // Failed items leave holes: close them up so the batch holds only real images.
        var ready = new List<(PendingItem Item, PreparedImage Image)>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (prepared[i] is { } image)
            {
                if (ready.Count != i)
                {
                    pixels.AsSpan(i * slot, slot).CopyTo(pixels.AsSpan(ready.Count * slot, slot));
                }

                ready.Add((items[i], image));
            }
        }

        var outcomes = failures.OfType<ItemOutcome>().ToList();
        if (ready.Count == 0)
        {
            return outcomes;
        }

        var tensor = new DenseTensor<float>(pixels.AsMemory(0, ready.Count * slot), [ready.Count, 3, height, width]);
        float[][] probabilities;
        double inferenceMs;
        await loaded.Turn.WaitAsync(cancellationToken);
        try
        {
            var inferenceStarted = Stopwatch.GetTimestamp();
            probabilities = classifier.Classify(loaded.Session, tensor);
            inferenceMs = Stopwatch.GetElapsedTime(inferenceStarted).TotalMilliseconds / ready.Count;
        }
        finally
        {
            loaded.Turn.Release();
        }

        outcomes.AddRange(ready.Select((r, row) => Success(
            classifier, loaded.ExecutionProvider, parameters, r.Item, probabilities[row], r.Image.Width, r.Image.Height, r.Image.PrepareMs + inferenceMs)));
        return outcomes;
    }

    private sealed record PreparedImage(int Width, int Height, double PrepareMs);

    private static ItemOutcome Success(
        ImageClassifier classifier, string executionProvider, ImageClassificationParameters parameters, PendingItem item, float[] probabilities, int width, int height, double durationMs)
    {
        var top = TopK.Select(probabilities, parameters.TopK)
            .Select(index => new LabelScore(classifier.LabelOf(index), index, probabilities[index]))
            .ToList();
        var output = JsonSerializer.Serialize(new ClassificationOutput(top, width, height), BatchWorkersJson.Options);
        return new ItemOutcome(item.ItemIndex, true, output, null, null, classifier.Model.Version, executionProvider, durationMs);
    }
}
