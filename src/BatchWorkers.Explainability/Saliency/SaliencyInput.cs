namespace BatchWorkers.Explainability.Saliency;

/// <summary>One image to explain: its preprocessed tensor, what an occluded pixel looks like, and the class to explain.</summary>
public sealed class SaliencyInput
{
    /// <param name="pixels">
    /// The preprocessed image, CHW (<see cref="ImageGeometry.Length"/> floats), exactly as the model takes it; read, not
    /// copied, so it must stay unchanged until the explanation returns.
    /// </param>
    /// <param name="geometry">Channels, height and width of the model input.</param>
    /// <param name="baseline">
    /// Per channel, the preprocessed value an occluded pixel takes: e.g. the normalised value of mean grey, which is 0
    /// for each channel after ImageNet mean/std normalisation.
    /// </param>
    /// <param name="targetClass">The class to explain, or null for the class the model ranks first on the image.</param>
    /// <exception cref="ArgumentException">The pixels or baseline do not fit the geometry.</exception>
    public SaliencyInput(ReadOnlyMemory<float> pixels, ImageGeometry geometry, IReadOnlyList<float> baseline, int? targetClass = null)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(baseline);
        geometry.Validate();
        if (pixels.Length != geometry.Length)
        {
            throw new ArgumentException(
                $"The image holds {pixels.Length} floats; {geometry.Channels}×{geometry.Height}×{geometry.Width} needs {geometry.Length}.",
                nameof(pixels));
        }

        if (baseline.Count != geometry.Channels)
        {
            throw new ArgumentException($"The baseline has {baseline.Count} values for {geometry.Channels} channels.", nameof(baseline));
        }

        if (targetClass is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(targetClass), targetClass, "A class index is 0 or more.");
        }

        Pixels = pixels;
        Geometry = geometry;
        Baseline = [.. baseline];
        TargetClass = targetClass;
    }

    /// <summary>The preprocessed image, CHW.</summary>
    public ReadOnlyMemory<float> Pixels { get; }

    /// <summary>Channels, height and width of the model input.</summary>
    public ImageGeometry Geometry { get; }

    /// <summary>The value an occluded pixel takes, per channel.</summary>
    public IReadOnlyList<float> Baseline { get; }

    /// <summary>The class to explain, or null for the model's top class.</summary>
    public int? TargetClass { get; }

    /// <summary>Writes the image with pixel <paramref name="pixel"/> (y × width + x) replaced by the baseline.</summary>
    internal void Occlude(Span<float> image, int pixel)
    {
        var plane = Geometry.Pixels;
        for (var c = 0; c < Baseline.Count; c++)
        {
            image[(c * plane) + pixel] = Baseline[c];
        }
    }

    /// <summary>Writes pixel <paramref name="pixel"/> of the original image into <paramref name="image"/>.</summary>
    internal void Reveal(Span<float> image, int pixel)
    {
        var plane = Geometry.Pixels;
        var source = Pixels.Span;
        for (var c = 0; c < Baseline.Count; c++)
        {
            image[(c * plane) + pixel] = source[(c * plane) + pixel];
        }
    }

    /// <summary>Fills <paramref name="image"/> with the baseline everywhere.</summary>
    internal void FillBaseline(Span<float> image)
    {
        var plane = Geometry.Pixels;
        for (var c = 0; c < Baseline.Count; c++)
        {
            image.Slice(c * plane, plane).Fill(Baseline[c]);
        }
    }
}
