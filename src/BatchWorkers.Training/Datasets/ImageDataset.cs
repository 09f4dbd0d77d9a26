namespace BatchWorkers.Training.Datasets;

/// <summary>
/// Labelled images held as one normalised float buffer laid out [Count, Channels, Height, Width] (NCHW, as the
/// models and ONNX Runtime take it), with a class index per image.
/// </summary>
public sealed class ImageDataset
{
    private readonly float[] _pixels;
    private readonly int[] _labels;

    /// <summary>Wraps the buffers without copying them.</summary>
    /// <exception cref="ArgumentException">Sizes, labels or class names do not fit together.</exception>
    public ImageDataset(
        float[] pixels,
        int[] labels,
        int channels,
        int height,
        int width,
        IReadOnlyList<string> classNames,
        ImageNormalization normalization)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(normalization);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if (pixels.Length != (long)labels.Length * channels * height * width)
        {
            throw new ArgumentException(
                $"{labels.Length} images of {channels}×{height}×{width} need {labels.Length * channels * height * width} values, not {pixels.Length}.",
                nameof(pixels));
        }

        if (classNames.Count == 0 || labels.Any(label => label < 0 || label >= classNames.Count))
        {
            throw new ArgumentException($"Every label must index one of the {classNames.Count} class names.", nameof(labels));
        }

        (_pixels, _labels) = (pixels, labels);
        (Channels, Height, Width) = (channels, height, width);
        ClassNames = classNames;
        Normalization = normalization;
    }

    /// <summary>Number of images.</summary>
    public int Count => _labels.Length;

    /// <summary>Channels per image (3 for RGB).</summary>
    public int Channels { get; }

    /// <summary>Image height in pixels.</summary>
    public int Height { get; }

    /// <summary>Image width in pixels.</summary>
    public int Width { get; }

    /// <summary>Floats per image: Channels × Height × Width.</summary>
    public int ImageLength => Channels * Height * Width;

    /// <summary>Class names in class-index order.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>How the pixels were normalised.</summary>
    public ImageNormalization Normalization { get; }

    /// <summary>All images, normalised, NCHW.</summary>
    public ReadOnlyMemory<float> Pixels => _pixels;

    /// <summary>Class index per image.</summary>
    public IReadOnlyList<int> Labels => _labels;

    /// <summary>One image's normalised values, CHW.</summary>
    public ReadOnlySpan<float> Image(int index) => _pixels.AsSpan(index * ImageLength, ImageLength);

    /// <summary>
    /// One image as 8-bit RGB, row-major HWC (3 bytes per pixel), e.g. to encode as PNG and classify it through
    /// the worker's image pipeline.
    /// </summary>
    public byte[] ToRgbBytes(int index)
    {
        var image = Image(index);
        var plane = Height * Width;
        var rgb = new byte[plane * 3];
        for (var pixel = 0; pixel < plane; pixel++)
        {
            for (var c = 0; c < Math.Min(3, Channels); c++)
            {
                var value = Normalization.Invert(c, image[(c * plane) + pixel]);
                rgb[(pixel * 3) + c] = (byte)Math.Clamp(MathF.Round(value * 255f), 0f, 255f);
            }
        }

        return rgb;
    }
}
