namespace BatchWorkers.Onnx.Classifiers;

/// <summary>
/// One block of a <see cref="ClassifierBuilder"/>: Conv → optional BatchNormalization → Relu → optional MaxPool.
/// </summary>
/// <param name="Weight">PyTorch Conv2d weight, [OutChannels, InChannels / Groups, KernelSize, KernelSize] row-major.</param>
/// <param name="OutChannels">Output channels.</param>
/// <param name="InChannels">Input channels (the previous block's output, or the image's channels).</param>
/// <param name="KernelSize">Square kernel size.</param>
/// <param name="Bias">Conv bias [OutChannels], or null for none (usual before BatchNormalization).</param>
public sealed record ConvBlock(float[] Weight, int OutChannels, int InChannels, int KernelSize, float[]? Bias = null)
{
    /// <summary>Conv stride. Default: 1.</summary>
    public int Stride { get; init; } = 1;

    /// <summary>Zero padding on every side. Default: 0.</summary>
    public int Padding { get; init; }

    /// <summary>Channel groups. Default: 1.</summary>
    public int Groups { get; init; } = 1;

    /// <summary>BatchNormalization after the Conv, or null for none.</summary>
    public BatchNormWeights? BatchNorm { get; init; }

    /// <summary>MaxPool window after the Relu, or null for none.</summary>
    public int? MaxPoolKernel { get; init; }

    /// <summary>MaxPool stride; null means the window size, as in PyTorch.</summary>
    public int? MaxPoolStride { get; init; }
}
