namespace BatchWorkers.Explainability.Saliency;

/// <summary>A rectangle in image pixels.</summary>
/// <param name="X">Left edge.</param>
/// <param name="Y">Top edge.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public sealed record PixelBox(int X, int Y, int Width, int Height);
