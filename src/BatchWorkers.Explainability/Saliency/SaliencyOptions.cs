using System.ComponentModel.DataAnnotations;

namespace BatchWorkers.Explainability.Saliency;

/// <summary>How an image is explained, and how many model evaluations it may cost.</summary>
public sealed record SaliencyOptions
{
    /// <summary>Occlusion or RISE. Default: occlusion.</summary>
    public SaliencyMethod Method { get; init; } = SaliencyMethod.Occlusion;

    /// <summary>
    /// Most model evaluations (images through the model) for one item, all steps together: the unaltered image,
    /// the saliency method and the faithfulness curves. Default: 500.
    /// </summary>
    [Range(2, int.MaxValue)]
    public int Budget { get; init; } = 500;

    /// <summary>Images per model call. Default: 16.</summary>
    [Range(1, 4096)]
    public int BatchSize { get; init; } = 16;

    /// <summary>Seed for RISE's masks, tie-breaking and the random ordering of the faithfulness curves. Default: 0.</summary>
    public int Seed { get; init; }

    /// <summary>Cells per side of the report's saliency grid (at most the input's size). Default: 14 (16-pixel cells at 224).</summary>
    [Range(1, 1024)]
    public int GridSize { get; init; } = 14;

    /// <summary>Grid cells listed as the regions that matter most (only cells with a positive score). Default: 3.</summary>
    [Range(0, 1024)]
    public int TopRegions { get; init; } = 3;

    /// <summary>Steps of the deletion and insertion curves; 0 skips them. Default: 20.</summary>
    [Range(0, 1000)]
    public int FaithfulnessSteps { get; init; } = 20;

    /// <summary>
    /// Share of the budget set aside for the faithfulness curves before the saliency method runs; the curves also get
    /// what the method leaves unused, up to <see cref="FaithfulnessSteps"/>. Default: 0.25.
    /// </summary>
    [Range(0.0, 0.9)]
    public double FaithfulnessShare { get; init; } = 0.25;

    /// <summary>Occlusion's patch and stride.</summary>
    public OcclusionOptions Occlusion { get; init; } = new();

    /// <summary>RISE's masks.</summary>
    public RiseOptions Rise { get; init; } = new();

    /// <summary>Checks every setting, the nested ones included.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        try
        {
            Validator.ValidateObject(this, new ValidationContext(this), validateAllProperties: true);
            ArgumentNullException.ThrowIfNull(Occlusion);
            ArgumentNullException.ThrowIfNull(Rise);
            Validator.ValidateObject(Occlusion, new ValidationContext(Occlusion), validateAllProperties: true);
            Validator.ValidateObject(Rise, new ValidationContext(Rise), validateAllProperties: true);
        }
        catch (ValidationException e)
        {
            throw new ArgumentException($"Saliency options: {e.Message}", e);
        }

        if (!Enum.IsDefined(Method))
        {
            throw new ArgumentException($"Saliency options: unknown method {Method}.");
        }
    }
}
