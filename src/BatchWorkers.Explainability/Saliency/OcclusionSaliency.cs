namespace BatchWorkers.Explainability.Saliency;

/// <summary>
/// Occlusion sensitivity: a square patch of baseline slides over the image (<see cref="OcclusionPlan"/>); each occluded
/// copy is one model evaluation, run in batches. A pixel's saliency is the mean drop in the target class's probability
/// over the positions whose patch covers it.
/// </summary>
public static class OcclusionSaliency
{
    /// <summary>
    /// Computes the map with at most <see cref="SaliencyOptions.Budget"/> evaluations: one for the unaltered image, the
    /// rest for patch positions (<see cref="SaliencyOptions.Occlusion"/>, the stride grown if needed).
    /// </summary>
    /// <exception cref="ArgumentException">The options are not valid.</exception>
    /// <exception cref="InvalidOperationException">The classifier returned fewer rows or classes than asked for.</exception>
    public static SaliencyResult Compute(
        SaliencyInput input, BatchClassifier classifier, SaliencyOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var evaluator = new ModelEvaluator(classifier, input.Geometry, options.BatchSize, options.Budget);
        var (target, probability) = Targets.EvaluateOriginal(input, evaluator, cancellationToken);
        return Compute(input, evaluator, target, probability, options.Occlusion, evaluator.Remaining, cancellationToken);
    }

    internal static SaliencyResult Compute(
        SaliencyInput input,
        ModelEvaluator evaluator,
        int target,
        float originalProbability,
        OcclusionOptions options,
        int budget,
        CancellationToken cancellationToken)
    {
        var (height, width) = (input.Geometry.Height, input.Geometry.Width);
        var (plan, adjustment) = OcclusionPlan.Fit(input.Geometry, options, budget);
        var rowStarts = OcclusionPlan.Starts(height, plan.PatchSize, plan.Stride);
        var columnStarts = OcclusionPlan.Starts(width, plan.PatchSize, plan.Stride);
        var sums = new double[input.Geometry.Pixels];
        var covers = new int[input.Geometry.Pixels];

        (int Top, int Left, int Bottom, int Right) Patch(int index)
        {
            var (top, left) = (rowStarts[index / columnStarts.Length], columnStarts[index % columnStarts.Length]);
            return (top, left, Math.Min(height, top + plan.PatchSize), Math.Min(width, left + plan.PatchSize));
        }

        evaluator.Run(
            plan.Evaluations,
            (index, image) =>
            {
                input.Pixels.Span.CopyTo(image);
                var (top, left, bottom, right) = Patch(index);
                for (var y = top; y < bottom; y++)
                {
                    for (var x = left; x < right; x++)
                    {
                        input.Occlude(image, (y * width) + x);
                    }
                }
            },
            (index, row) =>
            {
                var drop = originalProbability - ModelEvaluator.Probability(row, target);
                var (top, left, bottom, right) = Patch(index);
                for (var y = top; y < bottom; y++)
                {
                    for (var x = left; x < right; x++)
                    {
                        sums[(y * width) + x] += drop;
                        covers[(y * width) + x]++;
                    }
                }
            },
            cancellationToken);

        var values = new float[sums.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = covers[i] == 0 ? 0f : (float)(sums[i] / covers[i]);
        }

        return new SaliencyResult(
            SaliencyMethod.Occlusion,
            new SaliencyMap(height, width, values),
            target,
            originalProbability,
            evaluator.Used,
            new SaliencyParameters(PatchSize: plan.PatchSize, Stride: plan.Stride, Positions: plan.Evaluations),
            adjustment is null ? [] : [adjustment]);
    }
}
