namespace BatchWorkers.Onnx.Classifiers;

/// <summary>A PyTorch BatchNorm2d's parameters and running statistics, each [channels].</summary>
/// <param name="Scale">PyTorch <c>weight</c> (gamma).</param>
/// <param name="Bias">PyTorch <c>bias</c> (beta).</param>
/// <param name="RunningMean">PyTorch <c>running_mean</c>.</param>
/// <param name="RunningVariance">PyTorch <c>running_var</c>.</param>
public sealed record BatchNormWeights(float[] Scale, float[] Bias, float[] RunningMean, float[] RunningVariance)
{
    /// <summary>Added to the variance. Default: 1e-5, as in PyTorch.</summary>
    public float Epsilon { get; init; } = 1e-5f;
}
