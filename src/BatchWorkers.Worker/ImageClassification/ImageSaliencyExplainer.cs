using System.Runtime.InteropServices;
using BatchWorkers.Contracts;
using BatchWorkers.Explainability.Rendering;
using BatchWorkers.Explainability.Saliency;
using BatchWorkers.Worker.Explainability;
using BatchWorkers.Worker.Imaging;
using BatchWorkers.Worker.Jobs;
using BatchWorkers.Worker.Jobs.Inputs;
using BatchWorkers.Worker.Models;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace BatchWorkers.Worker.ImageClassification;

/// <summary>
/// Explains an image's top label with occlusion sensitivity and RISE (half the budget each), through the model's
/// shared session in batches that give way to inference (<see cref="ExplanationPacer"/>); each method gets a heatmap over the image and deletion/insertion faithfulness.
/// </summary>
public sealed class ImageSaliencyExplainer(
    ModelCatalog catalog, OnnxSessionCache sessions, ImageClassifierCache classifiers, ItemContentReader reader,
    IOptions<ImageClassificationOptions> options, ExplanationPacer pacer) : IItemExplainer
{
    public JobType Type => JobType.ImageClassification;

    public async Task<ExplanationReport> ExplainAsync(JobRecord job, PendingItem item, ItemResult result, int budget, CancellationToken cancellationToken)
    {
        var content = await reader.ReadAsync(item, cancellationToken);
        var bytes = content.Bytes ?? throw new InvalidOperationException($"The image cannot be read any more: {content.Error}");
        var model = await catalog.ResolveAsync(job.ModelName, result.ModelVersion ?? job.ModelVersion, cancellationToken);
        using var lease = sessions.Acquire(model);
        var classifier = classifiers.Get(model, lease.Loaded.Session);
        // Decoded as the prediction's own was, so the explained input is the one that was classified.
        using var decoded = ImageDecoder.Decode(bytes, options.Value.MaxPixels, classifier.Settings);
        var bitmap = decoded.Bitmap ?? throw new InvalidOperationException($"The image cannot be decoded any more: {decoded.Error}");
        var (width, height) = classifier.Settings.OutputSize;
        var pixels = new float[3 * width * height];
        ImageTensorizer.Fill(bitmap, classifier.Settings, pixels);
        var (resizedWidth, resizedHeight) = ImageTensorizer.ResizeTarget(bitmap.Width, bitmap.Height, classifier.Settings);
        var window = InputWindow.ResizeAndCrop(bitmap.Width, bitmap.Height, resizedWidth, resizedHeight, width, height);
        var target = result.Output?.GetProperty("topK")[0].GetProperty("index").GetInt32();
        // Occluded pixels take the normalised mean (0 for mean/std-normalised inputs): "no information" to the model.
        var input = new SaliencyInput(pixels, new ImageGeometry(3, height, width), [0f, 0f, 0f], target);
        float[][] Classify(ReadOnlyMemory<float> batch, int count)
        {
            pacer.BeforeBatch(cancellationToken);
            return classifier.Classify(lease.Loaded.Session, new DenseTensor<float>(MemoryMarshal.AsMemory(batch), [count, 3, height, width]));
        }

        var reports = new Dictionary<string, SaliencyReport>();
        foreach (var method in new[] { SaliencyMethod.Occlusion, SaliencyMethod.Rise })
        {
            var saliencyOptions = new SaliencyOptions { Method = method, Budget = Math.Max(10, budget / 2), BatchSize = options.Value.BatchSize };
            reports[method.ToString().ToLowerInvariant()] = await Task.Run(
                () => SaliencyExplainer.Explain(input, Classify, saliencyOptions, window, cancellationToken), cancellationToken);
        }

        var json = "{" + string.Join(",", reports.Select(r => $"\"{r.Key}\":{r.Value.ToJson()}")) + "}";
        var assets = reports.Select(r => new ExplanationAsset($"heatmap-{r.Key}.png", "image/png", HeatmapRenderer.Render(bitmap, r.Value))).ToList();
        return new ExplanationReport("saliency", json, assets);
    }
}
