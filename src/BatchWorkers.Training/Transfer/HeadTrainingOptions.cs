using System.ComponentModel.DataAnnotations;

namespace BatchWorkers.Training.Transfer;

/// <summary>How <see cref="LinearHeadTrainer"/> fits a Linear head on frozen features.</summary>
public sealed record HeadTrainingOptions
{
    /// <summary>Passes over the training features. Default: 200.</summary>
    [Range(1, 100_000)]
    public int Epochs { get; init; } = 200;

    /// <summary>Feature rows per Adam step. Default: 64.</summary>
    [Range(1, 1_000_000)]
    public int BatchSize { get; init; } = 64;

    /// <summary>Adam learning rate. Default: 0.01.</summary>
    [Range(1e-8, 10.0)]
    public double LearningRate { get; init; } = 1e-2;

    /// <summary>L2 weight decay. Default: 0.</summary>
    [Range(0.0, 1.0)]
    public double WeightDecay { get; init; }

    /// <summary>Seeds the head's initial weights and the shuffling. Default: 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>
    /// Stop after this many epochs without a lower held-out loss, keeping the best epoch's weights; null trains
    /// every epoch and keeps the last. Default: 20.
    /// </summary>
    [Range(1, 100_000)]
    public int? EarlyStoppingPatience { get; init; } = 20;

    /// <summary>Throws <see cref="ValidationException"/> when a value is out of range.</summary>
    public void Validate() => Validator.ValidateObject(this, new ValidationContext(this), validateAllProperties: true);
}
