using System.ComponentModel.DataAnnotations;

namespace BatchWorkers.Explainability.Rendering;

/// <summary>How a saliency heatmap is drawn over the image.</summary>
public sealed record HeatmapOptions
{
    /// <summary>The colour map. Default: inferno.</summary>
    public Colormap Colormap { get; init; } = Colormap.Inferno;

    /// <summary>Opacity of the most salient colour; less salient pixels get proportionally less. Default: 0.6.</summary>
    [Range(0.0, 1.0)]
    public double MaxOpacity { get; init; } = 0.6;

    /// <summary>Outline the top regions and number them by rank. Default: true.</summary>
    public bool OutlineRegions { get; init; } = true;

    /// <summary>Longest side of the output in pixels; null keeps the image's size. Default: null.</summary>
    [Range(16, 16384)]
    public int? MaxSide { get; init; }
}
