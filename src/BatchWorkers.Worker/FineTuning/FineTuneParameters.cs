using System.Globalization;
using System.Text.Json;
using BatchWorkers.Contracts;
using BatchWorkers.Worker.Jobs;

namespace BatchWorkers.Worker.FineTuning;

/// <summary>Checks fine-tune settings against sane bounds and stores them as the job's parameters.</summary>
public static class FineTuneParameters
{
    public static string ToJson(FineTuneSettings settings) => JsonSerializer.Serialize(Validate(settings), BatchWorkersJson.Options);

    public static FineTuneSettings FromJson(string json) =>
        JsonSerializer.Deserialize<FineTuneSettings>(json, BatchWorkersJson.Options) ?? new FineTuneSettings();

    /// <exception cref="JobRejectedException">Naming the setting and its allowed range.</exception>
    public static FineTuneSettings Validate(FineTuneSettings? settings)
    {
        if (settings is null)
        {
            throw Invalid("A fine-tune job needs its settings ('fineTune': data source, epochs, …).");
        }

        var sources = (settings.ManifestUri is null ? 0 : 1) + (settings.UseLabelledExamples ? 1 : 0) + (settings.SyntheticShapes ? 1 : 0);
        if (sources != 1)
        {
            throw Invalid("Choose exactly one data source: manifestUri, useLabelledExamples or syntheticShapes.");
        }

        Range("epochs", settings.Epochs, 1, 500);
        Range("batchSize", settings.BatchSize, 1, 1024);
        Range("imageSize", settings.ImageSize, 16, 256);
        Range("patience", settings.Patience, 1, 100);
        Range("syntheticImagesPerClass", settings.SyntheticImagesPerClass, 10, 10_000);
        Range("learningRate", settings.LearningRate, 1e-6, 1.0);
        Range("holdOutFraction", settings.HoldOutFraction, 0.05, 0.5);
        Range("temperature", settings.Temperature, 1.0, 20.0);
        if (settings.Mode != FineTuneMode.Scratch && string.IsNullOrWhiteSpace(settings.BaseModel))
        {
            throw Invalid($"Mode '{settings.Mode}' starts from an existing model: set baseModel.");
        }

        return settings;
    }

    private static void Range(string name, double value, double min, double max)
    {
        if (double.IsNaN(value) || value < min || value > max)
        {
            throw Invalid(string.Create(CultureInfo.InvariantCulture, $"{name} must be between {min} and {max}; it was {value}."));
        }
    }

    private static JobRejectedException Invalid(string message) => new(JobRejectionCodes.InvalidParameters, message);
}
