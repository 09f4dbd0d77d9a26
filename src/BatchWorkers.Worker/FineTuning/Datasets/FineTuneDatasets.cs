using System.Text;
using BatchWorkers.Contracts;
using BatchWorkers.Training.Datasets;
using BatchWorkers.Worker.FineTuning.Examples;
using BatchWorkers.Worker.Imaging;
using BatchWorkers.Worker.Jobs;
using BatchWorkers.Worker.Jobs.Inputs;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace BatchWorkers.Worker.FineTuning.Datasets;

/// <summary>
/// Builds a fine-tune job's training and held-out images from its data source: the synthetic shapes, a manifest,
/// or the model's stored labelled examples. Every image is decoded and scaled to the training size exactly as the
/// worker's inference pipeline will do it, so the trained model sees at serving time what it saw in training.
/// </summary>
public sealed class FineTuneDatasets(
    LabelledExampleStore examples, ItemContentReader reader, IOptions<FineTuneOptions> options, ILogger<FineTuneDatasets> logger)
{
    private const long MaxPixels = 50_000_000;

    /// <exception cref="ManifestException">When the data cannot be trained on; the message says which row and why.</exception>
    public async Task<DatasetSplit> LoadAsync(string model, FineTuneSettings settings, CancellationToken cancellationToken)
    {
        if (settings.SyntheticShapes)
        {
            var total = settings.SyntheticImagesPerClass * ShapesDataset.ClassNames.Count;
            var heldOut = Math.Max(ShapesDataset.ClassNames.Count, (int)(total * settings.HoldOutFraction));
            return ShapesDataset.Generate(new ShapesDatasetOptions
            {
                // The dataset is fixed (its own seed); the job's seed drives initialisation, shuffling and augmentation.
                ImageSize = settings.ImageSize, TrainCount = total - heldOut, HeldOutCount = heldOut,
            });
        }

        var rows = settings.ManifestUri is { } manifest ? await ReadManifestAsync(manifest, cancellationToken) : await StoredExamplesAsync(model, cancellationToken);
        TrainingManifest.Validate(rows.Select(r => new ManifestRow(r.Line, r.Reference ?? "data:", r.Label)).ToList(), null);
        if (rows.Count > options.Value.MaxImages)
        {
            throw new ManifestException($"The dataset has {rows.Count:N0} images; the limit is {options.Value.MaxImages:N0} (FineTuning:MaxImages).");
        }

        return await BuildAsync(rows, settings, cancellationToken);
    }

    private async Task<IReadOnlyList<DatasetRow>> ReadManifestAsync(string uri, CancellationToken cancellationToken)
    {
        var content = await reader.ReadAsync(new PendingItem { Uri = uri }, cancellationToken);
        return content.Bytes is { } bytes
            ? TrainingManifest.Parse(Encoding.UTF8.GetString(bytes), uri).Select(r => new DatasetRow(r.Line, r.Label, null, r.Image)).ToList()
            : throw new ManifestException($"The manifest {uri} cannot be read: {content.Error}");
    }

    private async Task<IReadOnlyList<DatasetRow>> StoredExamplesAsync(string model, CancellationToken cancellationToken)
    {
        var stored = await examples.ListAsync(model, 0, cancellationToken);
        return stored.Count == 0
            ? throw new ManifestException($"Model '{model}' has no labelled examples yet: add some with POST /api/models/{model}/examples.")
            : stored.Select(e => new DatasetRow((int)e.Id, e.Label, e.Data, e.Uri)).ToList();
    }

    private async Task<DatasetSplit> BuildAsync(IReadOnlyList<DatasetRow> rows, FineTuneSettings settings, CancellationToken cancellationToken)
    {
        var classes = rows.Select(r => r.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var size = settings.ImageSize;
        var preprocessing = new PreprocessorSettings(size, size, null, null, null, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None),
            1 / 255f, [.. ImageNormalization.Symmetric.Mean], [.. ImageNormalization.Symmetric.Std], false);
        var slot = 3 * size * size;
        var pixels = new float[rows.Count * slot];
        var labels = new int[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var bytes = await ReadImageAsync(rows[i], cancellationToken);
            using var decoded = ImageDecoder.Decode(bytes, MaxPixels, preprocessing);
            if (decoded.Bitmap is null)
            {
                throw new ManifestException($"Line {rows[i].Line}: {decoded.Error}");
            }

            ImageTensorizer.Fill(decoded.Bitmap, preprocessing, pixels.AsSpan(i * slot, slot));
            labels[i] = classes.IndexOf(rows[i].Label);
        }

        logger.LogInformation("Loaded {Images} training images in {Classes} classes", rows.Count, classes.Count);
        return StratifiedSplit.Split(pixels, labels, slot, size, classes, settings.HoldOutFraction, settings.Seed);
    }

    private async Task<byte[]> ReadImageAsync(DatasetRow row, CancellationToken cancellationToken)
    {
        if (row.Data is { } stored)
        {
            return stored;
        }

        var reference = row.Reference!;
        if (reference.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var comma = reference.IndexOf(',', StringComparison.Ordinal);
            try
            {
                return comma > 0 && reference[..comma].EndsWith(";base64", StringComparison.OrdinalIgnoreCase)
                    ? Convert.FromBase64String(reference[(comma + 1)..])
                    : throw new ManifestException($"Line {row.Line}: only base64 data: URIs are supported.");
            }
            catch (FormatException)
            {
                throw new ManifestException($"Line {row.Line}: the data: URI is not valid base64.");
            }
        }

        var content = await reader.ReadAsync(new PendingItem { Uri = reference }, cancellationToken);
        return content.Bytes ?? throw new ManifestException($"Line {row.Line}: {content.Error}");
    }
}

/// <summary>A training example: its label and either its bytes or a reference (data:, file://, http(s)://).</summary>
internal sealed record DatasetRow(int Line, string Label, byte[]? Data, string? Reference);
