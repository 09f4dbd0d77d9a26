using BatchWorkers.Onnx.Classifiers;

namespace BatchWorkers.Onnx.Samples;

/// <summary>Small models with designed weights, for fixtures and first runs before any training.</summary>
public static class SampleModels
{
    /// <summary>The colour classifier's labels, in class-index order.</summary>
    public static IReadOnlyList<string> ColourLabels { get; } = ["red", "green", "blue"];

    /// <summary>The colour classifier's input height and width.</summary>
    public const int ColourImageSize = 32;

    /// <summary>
    /// The dominant-colour classifier as .onnx bytes: input <c>pixel_values</c> [N, 3, 32, 32] normalised with
    /// mean = std = 0.5, output <c>logits</c> [N, 3] holding softmax probabilities (metadata output_kind).
    /// </summary>
    public static byte[] ColourClassifierOnnx() => BuildColourClassifier().ToBytes();

    /// <summary>
    /// Writes the colour classifier as a Hugging Face style folder: <c>model.onnx</c>, <c>config.json</c>
    /// (id2label, label2id) and <c>preprocessor_config.json</c>. Existing files are overwritten.
    /// </summary>
    public static void WriteColourClassifier(string modelDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelDirectory);
        Directory.CreateDirectory(modelDirectory);
        BuildColourClassifier().Save(Path.Combine(modelDirectory, "model.onnx"));
        HuggingFaceClassifierFiles.WriteConfig(
            modelDirectory,
            ColourLabels,
            "batchworkers-colour-cnn",
            channels: 3,
            "Placeholder with designed (not trained) weights: a 1x1 convolution scores how much each channel "
            + "exceeds the other two. Replace it with a model trained by the fine-tune job type.");
        HuggingFaceClassifierFiles.WritePreprocessorConfig(modelDirectory, ColourImageSize, [0.5f, 0.5f, 0.5f], [0.5f, 0.5f, 0.5f]);
    }

    private static OnnxModelBuilder BuildColourClassifier()
    {
        var model = new ClassifierBuilder(ColourImageSize, ColourImageSize)
            .AddConvBlock(ColourClassifierWeights.ChannelContrast)
            .WithHead(ColourClassifierWeights.Head)
            .WithSoftmax()
            .Build();
        model.AddMetadata("labels", string.Join(",", ColourLabels));
        return model;
    }
}
