using System.Text.Json;
using BatchWorkers.Contracts;
using BatchWorkers.Training.Datasets;
using MassTransit;
using SkiaSharp;
using Spectre.Console;

namespace BatchWorkers.SampleProducer;

/// <summary>
/// Trains the <c>shapes</c> model with a fine-tune job (synthetic shapes, from scratch), which the gate promotes,
/// and prepares unseen shapes of the same kind for a classification job on it.
/// </summary>
public static class FineTuneSample
{
    public const string Model = "shapes";

    /// <returns>The training report (the job's result output), or null when the job did not succeed.</returns>
    public static async Task<JsonElement?> TrainAsync(IPublishEndpoint bus, JobEvents events, BatchWorkersApiClient api, CancellationToken cancellationToken)
    {
        var key = $"sample-finetune-{Guid.NewGuid():N}";
        await bus.Publish(new SubmitFineTuneJob { Model = Model, IdempotencyKey = key, Settings = new FineTuneSettings { SyntheticShapes = true } }, cancellationToken);
        AnsiConsole.MarkupLine($"Published a SubmitFineTuneJob: train [bold]{Model}[/] from scratch on generated shapes (TorchSharp, CPU).");
        var outcome = await events.Finished(key).WaitAsync(cancellationToken);
        var jobId = await events.Accepted(key);
        if (!outcome.StartsWith("Succeeded", StringComparison.Ordinal))
        {
            AnsiConsole.MarkupLine($"[red]The fine-tune job ended {Markup.Escape(outcome)}.[/]");
            return null;
        }

        await foreach (var result in api.StreamResultsAsync(jobId, cancellationToken))
        {
            if (result.Output is { } report)
            {
                AnsiConsole.MarkupLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"Trained [bold]{Model}[/] version {report.GetProperty("version").GetString()} in {report.GetProperty("trainingSeconds").GetDouble():0} s: " +
                    $"held-out accuracy [bold]{report.GetProperty("accuracy").GetDouble():P1}[/], macro-F1 {report.GetProperty("macroF1").GetDouble():0.###}; " +
                    $"{(report.GetProperty("promoted").GetBoolean() ? "[green]promoted to production[/]" : "not promoted")} ({Markup.Escape(report.GetProperty("gate").GetString() ?? "")})"));
                return report;
            }
        }

        return null;
    }

    /// <summary>Shapes the model has never seen (another seed), with their true labels.</summary>
    public static IReadOnlyList<SampleImage> UnseenShapes(int count)
    {
        var split = ShapesDataset.Generate(new ShapesDatasetOptions { TrainCount = 3, HeldOutCount = count, Seed = 2026 });
        return Enumerable.Range(0, count)
            .Select(i => new SampleImage($"shape-{i:D2}.png", Png(split.HeldOut.ToRgbBytes(i), split.HeldOut.Width), split.HeldOut.ClassNames[split.HeldOut.Labels[i]]))
            .ToList();
    }

    private static byte[] Png(byte[] rgb, int size)
    {
        using var bitmap = new SKBitmap(size, size);
        for (var i = 0; i < size * size; i++)
        {
            bitmap.SetPixel(i % size, i / size, new SKColor(rgb[i * 3], rgb[(i * 3) + 1], rgb[(i * 3) + 2]));
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
