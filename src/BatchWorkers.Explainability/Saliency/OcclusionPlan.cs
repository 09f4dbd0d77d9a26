namespace BatchWorkers.Explainability.Saliency;

/// <summary>
/// The patch positions occlusion evaluates: along each axis 0, stride, 2·stride, … and a last one flush with the edge,
/// so every pixel is covered. One model evaluation per position.
/// </summary>
/// <param name="PatchSize">Side of the square patch, in input pixels.</param>
/// <param name="Stride">Step between positions, in input pixels.</param>
/// <param name="RowPositions">Positions down the image.</param>
/// <param name="ColumnPositions">Positions across the image.</param>
public sealed record OcclusionPlan(int PatchSize, int Stride, int RowPositions, int ColumnPositions)
{
    /// <summary>Model evaluations the plan needs: one per position.</summary>
    public int Evaluations => RowPositions * ColumnPositions;

    /// <summary>
    /// The plan for <paramref name="geometry"/> with at most <paramref name="budget"/> positions: the options' patch and
    /// stride if they fit, else the smallest larger stride that fits, with the patch scaled by the same factor.
    /// </summary>
    /// <returns>The plan and, when the options were changed to fit, a sentence saying how.</returns>
    public static (OcclusionPlan Plan, string? Adjustment) Fit(ImageGeometry geometry, OcclusionOptions options, int budget)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(budget, 1);
        var side = Math.Min(geometry.Height, geometry.Width);
        var patch = Math.Min(options.PatchSize ?? Math.Max(1, (int)Math.Round(side / 7.0)), Math.Max(geometry.Height, geometry.Width));
        var stride = options.Stride ?? Math.Max(1, patch / 2);
        var plan = Create(geometry, patch, stride);
        if (plan.Evaluations <= budget)
        {
            return (plan, null);
        }

        var larger = stride;
        while (plan.Evaluations > budget)
        {
            larger++;
            plan = Create(geometry, Math.Max(patch, (int)Math.Ceiling((double)patch * larger / stride)), larger);
        }

        return (plan, $"occlusion patch {patch} stride {stride} needs {Create(geometry, patch, stride).Evaluations} evaluations; " +
            $"patch {plan.PatchSize} stride {plan.Stride} ({plan.Evaluations}) fits the {budget} left in the budget");
    }

    /// <summary>Start offsets along an axis of <paramref name="length"/> pixels.</summary>
    internal static int[] Starts(int length, int patch, int stride)
    {
        if (patch >= length)
        {
            return [0];
        }

        var starts = new List<int>();
        for (var start = 0; start + patch < length; start += stride)
        {
            starts.Add(start);
        }

        starts.Add(length - patch);
        return [.. starts];
    }

    private static OcclusionPlan Create(ImageGeometry geometry, int patch, int stride) =>
        new(patch, stride, Starts(geometry.Height, patch, stride).Length, Starts(geometry.Width, patch, stride).Length);
}
