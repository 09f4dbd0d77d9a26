using BatchWorkers.Training.Export;

namespace BatchWorkers.Training.Transfer;

/// <summary>The outcome of <see cref="TransferLearning.Run"/>.</summary>
/// <param name="Exported">The grafted model folder (model.onnx with output <c>logits</c>, config.json, preprocessor_config.json).</param>
/// <param name="FeatureTensor">The base tensor the head reads.</param>
/// <param name="FeatureCount">Its width.</param>
/// <param name="BestEpoch">Head epoch whose weights were kept.</param>
/// <param name="EpochsRun">Head epochs trained.</param>
/// <param name="Parity">Grafted model (ONNX Runtime) versus base features through the TorchSharp head, on the held-out set.</param>
/// <param name="HeldOutProbabilities">Softmax of the grafted model's held-out logits, one row per image (for ClassificationEvaluator).</param>
public sealed record TransferResult(
    ExportedModel Exported,
    string FeatureTensor,
    int FeatureCount,
    int BestEpoch,
    int EpochsRun,
    ParityReport Parity,
    float[][] HeldOutProbabilities);
