namespace BatchWorkers.Onnx.Classifiers;

/// <summary>A PyTorch Linear layer: Weight [OutFeatures, InFeatures] row-major, Bias [OutFeatures].</summary>
/// <param name="Weight">Row-major [OutFeatures, InFeatures].</param>
/// <param name="Bias">[OutFeatures].</param>
/// <param name="OutFeatures">Number of classes for a classifier head.</param>
/// <param name="InFeatures">Must equal the last conv block's output channels.</param>
public sealed record LinearWeights(float[] Weight, float[] Bias, int OutFeatures, int InFeatures);
