namespace BatchWorkers.Training.Datasets;

/// <summary>
/// Per-channel normalisation applied after rescaling pixels to [0, 1]: (x − Mean[c]) / Std[c]. The exporter writes
/// the same values to preprocessor_config.json, so the worker feeds an exported model what it was trained on.
/// </summary>
/// <param name="Mean">Per-channel mean (RGB).</param>
/// <param name="Std">Per-channel standard deviation (RGB).</param>
public sealed record ImageNormalization(IReadOnlyList<float> Mean, IReadOnlyList<float> Std)
{
    /// <summary>Mean = std = 0.5: maps [0, 1] to [−1, 1], as ViT-style processors do.</summary>
    public static ImageNormalization Symmetric { get; } = new([0.5f, 0.5f, 0.5f], [0.5f, 0.5f, 0.5f]);

    /// <summary>Normalises a [0, 1] value of channel <paramref name="channel"/>.</summary>
    public float Apply(int channel, float value) => (value - Mean[channel]) / Std[channel];

    /// <summary>Undoes <see cref="Apply"/>: back to [0, 1].</summary>
    public float Invert(int channel, float value) => (value * Std[channel]) + Mean[channel];
}
