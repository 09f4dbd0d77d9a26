using System.ComponentModel.DataAnnotations;

namespace BatchWorkers.Explainability.Saliency;

/// <summary>RISE's random masks. The number of masks is cut to what the budget leaves.</summary>
public sealed record RiseOptions
{
    /// <summary>Masks to evaluate, one model evaluation each (fewer when the budget is smaller). Default: 1000.</summary>
    [Range(1, int.MaxValue)]
    public int Masks { get; init; } = 1000;

    /// <summary>Cells per side of each mask's low-resolution random grid (the paper's s). Default: 7.</summary>
    [Range(1, 1024)]
    public int MaskCells { get; init; } = 7;

    /// <summary>Probability that a grid cell is kept (the paper's p). Default: 0.5.</summary>
    [Range(0.01, 0.99)]
    public double KeepProbability { get; init; } = 0.5;

    /// <summary>
    /// Computes mean + Σ (probability − mean)·mask / (N·p) instead of the paper's Σ probability·mask / (N·p). The two
    /// differ by mean·(Σ mask / (N·p) − 1), a term whose expectation is 0 but whose noise, at a few hundred masks,
    /// is as large as the signal: it only records how often each pixel happened to be kept. Default: true.
    /// </summary>
    public bool CentreOnMean { get; init; } = true;
}
