using System.ComponentModel.DataAnnotations;

namespace BatchWorkers.Training.Datasets;

/// <summary>Size and difficulty of the synthetic shapes dataset. The same options always give the same images.</summary>
public sealed record ShapesDatasetOptions
{
    /// <summary>Image height and width in pixels. Default: 32.</summary>
    [Range(16, 512)]
    public int ImageSize { get; init; } = 32;

    /// <summary>Training images (classes take turns, so they stay balanced). Default: 600.</summary>
    [Range(1, 1_000_000)]
    public int TrainCount { get; init; } = 600;

    /// <summary>Held-out images. Default: 150.</summary>
    [Range(1, 1_000_000)]
    public int HeldOutCount { get; init; } = 150;

    /// <summary>Seed for everything random: colours, sizes, positions, rotations, noise. Default: 7.</summary>
    public int Seed { get; init; } = 7;

    /// <summary>Per-pixel uniform noise amplitude on the [0, 1] scale. Default: 0.08.</summary>
    [Range(0.0, 0.5)]
    public double NoiseAmplitude { get; init; } = 0.08;

    /// <summary>Smallest shape radius as a fraction of the image size. Default: 0.18.</summary>
    [Range(0.05, 0.45)]
    public double MinRadius { get; init; } = 0.18;

    /// <summary>Largest shape radius as a fraction of the image size. Default: 0.38.</summary>
    [Range(0.05, 0.45)]
    public double MaxRadius { get; init; } = 0.38;

    /// <summary>
    /// Largest rotation either way, in degrees. Default: 15. Full rotations make the task far harder for a compact
    /// CNN with global pooling (it must learn corner detectors at every angle) and need many more epochs.
    /// </summary>
    [Range(0.0, 180.0)]
    public double MaxRotationDegrees { get; init; } = 15;

    /// <summary>Normalisation applied to the [0, 1] pixels. Default: mean = std = 0.5.</summary>
    public ImageNormalization Normalization { get; init; } = ImageNormalization.Symmetric;

    /// <summary>Throws <see cref="ValidationException"/> when a value is out of range.</summary>
    public void Validate()
    {
        Validator.ValidateObject(this, new ValidationContext(this), validateAllProperties: true);
        if (MinRadius > MaxRadius)
        {
            throw new ValidationException($"MinRadius ({MinRadius}) must not exceed MaxRadius ({MaxRadius}).");
        }
    }
}
