namespace BatchWorkers.Explainability.Saliency;

/// <summary>The shape of one model input image: channels × height × width, in NCHW order.</summary>
/// <param name="Channels">Colour channels (3 for RGB).</param>
/// <param name="Height">Input height in pixels.</param>
/// <param name="Width">Input width in pixels.</param>
public sealed record ImageGeometry(int Channels, int Height, int Width)
{
    /// <summary>Pixels in one channel plane: height × width.</summary>
    public int Pixels => Height * Width;

    /// <summary>Floats in one image: channels × height × width.</summary>
    public int Length => Channels * Pixels;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Channels, 1, nameof(Channels));
        ArgumentOutOfRangeException.ThrowIfLessThan(Height, 1, nameof(Height));
        ArgumentOutOfRangeException.ThrowIfLessThan(Width, 1, nameof(Width));
    }
}
