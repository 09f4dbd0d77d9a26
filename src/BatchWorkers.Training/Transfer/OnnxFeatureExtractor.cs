using BatchWorkers.Onnx.Protos;
using BatchWorkers.Training.Datasets;
using BatchWorkers.Training.Export;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

namespace BatchWorkers.Training.Transfer;

/// <summary>
/// Runs a base classifier as a frozen backbone: a copy of its ONNX model that also outputs the feature tensor its
/// head reads, evaluated with ONNX Runtime. The base file itself is never changed.
/// </summary>
public sealed class OnnxFeatureExtractor : IDisposable
{
    private readonly InferenceSession _session;

    /// <summary>Prepares the session.</summary>
    /// <param name="modelBytes">The base <c>model.onnx</c>.</param>
    /// <param name="featureTensor">The tensor to extract; null finds it with <see cref="FindFeatureTensor"/>.</param>
    /// <exception cref="InvalidOperationException">No feature tensor given and none found, or no Gemm reads it (its width is then unknown).</exception>
    public OnnxFeatureExtractor(byte[] modelBytes, string? featureTensor = null)
    {
        ArgumentNullException.ThrowIfNull(modelBytes);
        BaseModel = ModelProto.Parser.ParseFrom(modelBytes);
        FeatureTensor = featureTensor ?? FindFeatureTensor(BaseModel);
        FeatureCount = OnnxGraphEdits.FeatureCount(BaseModel.Graph, FeatureTensor);
        _session = new InferenceSession(WithFeatureOutput(BaseModel, FeatureTensor, FeatureCount).ToByteArray());
    }

    /// <summary>The base model as read (not modified).</summary>
    public ModelProto BaseModel { get; }

    /// <summary>Name of the extracted tensor.</summary>
    public string FeatureTensor { get; }

    /// <summary>Values per image in the feature tensor (the input width of the base head).</summary>
    public int FeatureCount { get; }

    /// <summary>Reads <c>model.onnx</c> from an exported classifier folder.</summary>
    public static OnnxFeatureExtractor FromDirectory(string modelDirectory, string? featureTensor = null) =>
        new(File.ReadAllBytes(Path.Combine(modelDirectory, OnnxClassifierExporter.ModelFileName)), featureTensor);

    /// <summary>
    /// The tensor a classifier's head reads: the first input of the graph's last Gemm (for ClassifierBuilder and
    /// OnnxClassifierExporter models, the Flatten output after GlobalAveragePool).
    /// </summary>
    /// <exception cref="InvalidOperationException">The graph has no Gemm.</exception>
    public static string FindFeatureTensor(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Graph.Node.LastOrDefault(node => node.OpType == "Gemm")?.Input[0]
            ?? throw new InvalidOperationException("The model has no Gemm head whose input could serve as features.");
    }

    /// <summary>A copy of <paramref name="model"/> that also outputs <paramref name="featureTensor"/> as [N, featureCount].</summary>
    public static ModelProto WithFeatureOutput(ModelProto model, string featureTensor, int featureCount)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(featureTensor);
        var copy = model.Clone();
        if (copy.Graph.Output.All(output => output.Name != featureTensor))
        {
            copy.Graph.Output.Add(OnnxGraphEdits.FloatMatrix(featureTensor, OnnxGraphEdits.BatchDim(copy.Graph), featureCount));
        }

        return copy;
    }

    /// <summary>Features of every image of <paramref name="data"/>, in order: float[N][FeatureCount].</summary>
    /// <param name="data">Images preprocessed as the base model expects.</param>
    /// <param name="batchSize">Images per ONNX Runtime call. Default: 64.</param>
    /// <param name="cancellationToken">Checked before every batch.</param>
    public float[][] Extract(ImageDataset data, int batchSize = 64, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return OnnxImageRunner.Run(_session, FeatureTensor, data, batchSize, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();
}
