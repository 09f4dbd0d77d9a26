using System.ComponentModel.DataAnnotations;

namespace BatchWorkers.Training.Models;

/// <summary>
/// Shape of a <see cref="CompactCnn"/>. Every choice here has a one-to-one ONNX counterpart in the project's
/// ClassifierBuilder, which is what lets the exporter copy weights across without re-deriving anything.
/// </summary>
public sealed record CompactCnnOptions
{
    /// <summary>Number of classes (the head's outputs). Default: 3.</summary>
    [Range(2, 100_000)]
    public int ClassCount { get; init; } = 3;

    /// <summary>Input channels. Default: 3 (RGB).</summary>
    [Range(1, 16)]
    public int InputChannels { get; init; } = 3;

    /// <summary>Input height and width the model is exported for. Default: 32.</summary>
    [Range(8, 4096)]
    public int ImageSize { get; init; } = 32;

    /// <summary>Output channels of each conv block, in order; each block halves the feature map. Default: 16, 32, 64, 128.</summary>
    public IReadOnlyList<int> BlockChannels { get; init; } = [16, 32, 64, 128];

    /// <summary>Square conv kernel; padding keeps the size ("same"). Must be odd. Default: 3.</summary>
    [Range(1, 11)]
    public int KernelSize { get; init; } = 3;

    /// <summary>MaxPool window and stride after each block. Default: 2.</summary>
    [Range(1, 8)]
    public int PoolSize { get; init; } = 2;

    /// <summary>Whether convs carry a bias. Default: false (BatchNorm's beta makes it redundant).</summary>
    public bool ConvBias { get; init; }

    /// <summary>BatchNorm epsilon. Default: 1e-5, as in PyTorch.</summary>
    [Range(1e-12, 1e-1)]
    public double BatchNormEpsilon { get; init; } = 1e-5;

    /// <summary>Throws <see cref="ValidationException"/> when the options cannot make a model.</summary>
    public void Validate()
    {
        Validator.ValidateObject(this, new ValidationContext(this), validateAllProperties: true);
        if (BlockChannels.Count == 0 || BlockChannels.Any(channels => channels < 1))
        {
            throw new ValidationException("BlockChannels needs at least one block with a positive channel count.");
        }

        if (KernelSize % 2 == 0)
        {
            throw new ValidationException($"KernelSize must be odd to keep the feature map's size, not {KernelSize}.");
        }

        var finalSize = ImageSize;
        for (var i = 0; i < BlockChannels.Count; i++)
        {
            finalSize /= PoolSize;
        }

        if (finalSize < 1)
        {
            throw new ValidationException(
                $"{BlockChannels.Count} blocks pooling by {PoolSize} shrink a {ImageSize}-pixel image to nothing.");
        }
    }
}
