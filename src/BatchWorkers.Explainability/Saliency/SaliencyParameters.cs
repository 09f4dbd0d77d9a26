namespace BatchWorkers.Explainability.Saliency;

/// <summary>The settings a saliency method ran with, after fitting the budget; null where the method has no such setting.</summary>
/// <param name="PatchSize">Occlusion: side of the patch, in input pixels.</param>
/// <param name="Stride">Occlusion: step between patch positions, in input pixels.</param>
/// <param name="Positions">Occlusion: patch positions evaluated.</param>
/// <param name="Masks">RISE: masks evaluated.</param>
/// <param name="MaskCells">RISE: cells per side of the low-resolution random grid.</param>
/// <param name="KeepProbability">RISE: probability that a grid cell is kept.</param>
/// <param name="Seed">RISE: the random seed.</param>
public sealed record SaliencyParameters(
    int? PatchSize = null,
    int? Stride = null,
    int? Positions = null,
    int? Masks = null,
    int? MaskCells = null,
    double? KeepProbability = null,
    int? Seed = null);
