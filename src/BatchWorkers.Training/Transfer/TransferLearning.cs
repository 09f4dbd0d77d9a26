using BatchWorkers.Training.Datasets;
using BatchWorkers.Training.Export;

namespace BatchWorkers.Training.Transfer;

/// <summary>
/// Transfer learning end to end: features from a base classifier's frozen backbone (ONNX Runtime), a new Linear
/// head trained on them (TorchSharp), and one grafted ONNX model checked for parity.
/// </summary>
public static class TransferLearning
{
    /// <summary>Trains a head for <paramref name="data"/>'s classes on <paramref name="baseModelDirectory"/>'s features and writes the grafted folder.</summary>
    /// <param name="baseModelDirectory">An exported classifier folder (model.onnx whose head is a Gemm).</param>
    /// <param name="data">The new task's images, preprocessed as the base model expects, with the new labels.</param>
    /// <param name="outputDirectory">Where the grafted model folder goes.</param>
    /// <param name="options">Head training settings. Default: <see cref="HeadTrainingOptions"/>'s defaults.</param>
    /// <param name="cancellationToken">Checked between batches and epochs.</param>
    /// <exception cref="ExportParityException">The grafted model does not reproduce features → head.</exception>
    public static TransferResult Run(
        string baseModelDirectory,
        DatasetSplit data,
        string outputDirectory,
        HeadTrainingOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(baseModelDirectory);
        ArgumentNullException.ThrowIfNull(data);
        using var extractor = OnnxFeatureExtractor.FromDirectory(baseModelDirectory);
        var train = extractor.Extract(data.Train, cancellationToken: cancellationToken);
        var heldOut = extractor.Extract(data.HeldOut, cancellationToken: cancellationToken);
        using var head = LinearHeadTrainer.Train(
            train, data.Train.Labels, heldOut, data.HeldOut.Labels, data.Train.ClassNames.Count, options, cancellationToken);
        var exported = OnnxHeadGraft.Write(
            extractor.BaseModel, extractor.FeatureTensor, head, data.Train.ClassNames, data.Train.Normalization, outputDirectory);
        var (parity, logits) = GraftParity.Verify(exported.ModelPath, heldOut, head, data.HeldOut, cancellationToken: cancellationToken);
        return new TransferResult(
            exported, extractor.FeatureTensor, extractor.FeatureCount, head.BestEpoch, head.EpochsRun, parity, logits.Select(Softmax).ToArray());
    }

    private static float[] Softmax(float[] logits)
    {
        var max = logits.Max();
        var exp = logits.Select(value => MathF.Exp(value - max)).ToArray();
        var sum = exp.Sum();
        return exp.Select(value => value / sum).ToArray();
    }
}
