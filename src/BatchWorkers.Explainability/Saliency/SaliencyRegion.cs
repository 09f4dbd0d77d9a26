namespace BatchWorkers.Explainability.Saliency;

/// <summary>One of the grid cells that matter most to the target class.</summary>
/// <param name="Rank">1 for the most salient cell, then 2, 3, ….</param>
/// <param name="Row">The cell's row in the grid.</param>
/// <param name="Column">The cell's column in the grid.</param>
/// <param name="Score">The cell's saliency (the grid value).</param>
/// <param name="Box">The cell's box on the original image, in original pixels.</param>
public sealed record SaliencyRegion(int Rank, int Row, int Column, float Score, PixelBox Box);
