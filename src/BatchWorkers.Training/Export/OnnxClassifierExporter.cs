using System.Globalization;
using BatchWorkers.Onnx.Classifiers;
using BatchWorkers.Training.Datasets;
using BatchWorkers.Training.Models;

namespace BatchWorkers.Training.Export;

/// <summary>
/// Exports a trained <see cref="CompactCnn"/> through the project's ONNX writer as a Hugging Face style folder:
/// <c>model.onnx</c>, <c>config.json</c> (id2label) and <c>preprocessor_config.json</c> — what the worker loads.
/// </summary>
public static class OnnxClassifierExporter
{
    /// <summary>The model file's name inside the folder.</summary>
    public const string ModelFileName = "model.onnx";

    /// <summary>Writes the folder (creating it; existing files are overwritten).</summary>
    /// <param name="model">The trained model; its weights are read, it is not changed.</param>
    /// <param name="classNames">Labels in class-index order.</param>
    /// <param name="normalization">The normalisation the model was trained with.</param>
    /// <param name="directory">The folder to write.</param>
    /// <param name="options">Softmax, model type and extra metadata. Default: logits, no extra metadata.</param>
    /// <exception cref="ArgumentException">The labels do not match the model's classes.</exception>
    public static ExportedModel Export(
        CompactCnn model,
        IReadOnlyList<string> classNames,
        ImageNormalization normalization,
        string directory,
        ExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(normalization);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        options ??= new ExportOptions();
        if (classNames.Count != model.Options.ClassCount)
        {
            throw new ArgumentException(
                $"The model has {model.Options.ClassCount} classes but {classNames.Count} labels were given.", nameof(classNames));
        }

        Directory.CreateDirectory(directory);
        var onnx = CompactCnnWeights.ToClassifier(model).WithSoftmax(options.IncludeSoftmax).Build();
        onnx.AddMetadata("labels", string.Join(",", classNames));
        onnx.AddMetadata("image_size", model.Options.ImageSize.ToString(CultureInfo.InvariantCulture));
        onnx.AddMetadata("image_mean", string.Join(",", normalization.Mean.Select(Format)));
        onnx.AddMetadata("image_std", string.Join(",", normalization.Std.Select(Format)));
        foreach (var (key, value) in options.Metadata)
        {
            onnx.AddMetadata(key, value);
        }

        var modelPath = Path.Combine(directory, ModelFileName);
        onnx.Save(modelPath);
        return new ExportedModel(
            Path.GetFullPath(directory),
            Path.GetFullPath(modelPath),
            HuggingFaceClassifierFiles.WriteConfig(directory, classNames, options.ModelType, model.Options.InputChannels),
            HuggingFaceClassifierFiles.WritePreprocessorConfig(directory, model.Options.ImageSize, normalization.Mean, normalization.Std),
            options.IncludeSoftmax);
    }

    /// <summary>The metadata_props key whose value says "logits" or "probabilities".</summary>
    public static string OutputKindKey => ClassifierBuilder.OutputKindKey;

    private static string Format(float value) => value.ToString("R", CultureInfo.InvariantCulture);
}
