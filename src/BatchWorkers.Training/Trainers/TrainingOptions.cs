using System.ComponentModel.DataAnnotations;

namespace BatchWorkers.Training.Trainers;

/// <summary>How <see cref="ClassifierTrainer"/> trains. Defaults suit the synthetic shapes at 32×32.</summary>
public sealed record TrainingOptions
{
    /// <summary>Epochs to train, counting those done before a resume. Default: 10.</summary>
    [Range(1, 100_000)]
    public int Epochs { get; init; } = 10;

    /// <summary>Images per step. Default: 32.</summary>
    [Range(1, 65_536)]
    public int BatchSize { get; init; } = 32;

    /// <summary>Optimizer. Default: Adam.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    /// <summary>Learning rate. Default: 0.003.</summary>
    [Range(1e-8, 10.0)]
    public double LearningRate { get; init; } = 3e-3;

    /// <summary>SGD momentum (ignored by Adam). Default: 0.9.</summary>
    [Range(0.0, 0.999)]
    public double Momentum { get; init; } = 0.9;

    /// <summary>L2 weight decay. Default: 0.</summary>
    [Range(0.0, 1.0)]
    public double WeightDecay { get; init; }

    /// <summary>Seeds weight initialisation, shuffling and augmentation. Default: 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Stop after this many epochs without a lower held-out loss; null trains every epoch. Default: 3.</summary>
    [Range(1, 100_000)]
    public int? EarlyStoppingPatience { get; init; } = 3;

    /// <summary>How much lower the held-out loss must be to count as better. Default: 1e-4.</summary>
    [Range(0.0, 1e6)]
    public double EarlyStoppingMinDelta { get; init; } = 1e-4;

    /// <summary>Whether the returned model holds the best epoch's weights rather than the last's. Default: true.</summary>
    public bool RestoreBestWeights { get; init; } = true;

    /// <summary>Mirror training images left-right at random. Default: true.</summary>
    public bool RandomHorizontalFlip { get; init; } = true;

    /// <summary>Mirror training images top-bottom at random. Default: false.</summary>
    public bool RandomVerticalFlip { get; init; }

    /// <summary>Shift training images by up to this many pixels each way (edges repeated). Default: 2.</summary>
    [Range(0, 64)]
    public int MaxShiftPixels { get; init; } = 2;

    /// <summary>Epoch checkpoints kept besides the best one; older ones are deleted. Default: 2.</summary>
    [Range(1, 1000)]
    public int CheckpointsToKeep { get; init; } = 2;

    /// <summary>Train on CUDA when TorchSharp reports it available. Default: true.</summary>
    public bool PreferCuda { get; init; } = true;

    /// <summary>libtorch CPU threads (process-wide); null keeps libtorch's default (one per core). Default: null.</summary>
    [Range(1, 1024)]
    public int? CpuThreads { get; init; }

    /// <summary>Throws <see cref="ValidationException"/> when a value is out of range.</summary>
    public void Validate() => Validator.ValidateObject(this, new ValidationContext(this), validateAllProperties: true);
}
