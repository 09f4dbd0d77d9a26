using System.ComponentModel.DataAnnotations;

namespace BatchWorkers.Explainability.Saliency;

/// <summary>Occlusion sensitivity's patch. When the positions would exceed the budget, the stride (and the patch with it) grows.</summary>
public sealed record OcclusionOptions
{
    /// <summary>Side of the square patch, in input pixels. Default: null, a seventh of the input's shorter side (32 for 224).</summary>
    [Range(1, int.MaxValue)]
    public int? PatchSize { get; init; }

    /// <summary>Step between patch positions, in input pixels. Default: null, half the patch.</summary>
    [Range(1, int.MaxValue)]
    public int? Stride { get; init; }
}
