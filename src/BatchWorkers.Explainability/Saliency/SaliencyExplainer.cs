namespace BatchWorkers.Explainability.Saliency;

/// <summary>
/// Explains one image classification end to end within a budget of model evaluations: the unaltered image (1), the
/// saliency method (what is left after setting aside <see cref="SaliencyOptions.FaithfulnessShare"/>), then the
/// deletion and insertion curves (what is left, up to <see cref="SaliencyOptions.FaithfulnessSteps"/> steps). Every
/// model call goes through the <see cref="BatchClassifier"/> in batches of <see cref="SaliencyOptions.BatchSize"/>.
/// </summary>
public static class SaliencyExplainer
{
    /// <summary>Computes the saliency, its grid, top regions and faithfulness for <paramref name="input"/>.</summary>
    /// <param name="input">The preprocessed image, its baseline and the class to explain.</param>
    /// <param name="classifier">Runs the model on a batch; called on this thread, one batch at a time.</param>
    /// <param name="options">Method, budget and settings.</param>
    /// <param name="window">Where the input lies in the original image; null: the input is the image (boxes in input pixels).</param>
    /// <param name="cancellationToken">Checked before every batch.</param>
    /// <exception cref="ArgumentException">The options are not valid.</exception>
    /// <exception cref="InvalidOperationException">The classifier returned fewer rows or classes than asked for.</exception>
    public static SaliencyReport Explain(
        SaliencyInput input,
        BatchClassifier classifier,
        SaliencyOptions options,
        InputWindow? window = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var geometry = input.Geometry;
        window ??= InputWindow.Whole(geometry.Width, geometry.Height);
        var evaluator = new ModelEvaluator(classifier, geometry, options.BatchSize, options.Budget);
        var (target, probability) = Targets.EvaluateOriginal(input, evaluator, cancellationToken);

        var reserved = Faithfulness.EvaluationsFor(
            Faithfulness.StepsWithin(options.FaithfulnessSteps, (int)(options.FaithfulnessShare * options.Budget)));
        var forMethod = Math.Max(1, evaluator.Remaining - reserved);
        var saliency = options.Method == SaliencyMethod.Rise
            ? RiseSaliency.Compute(input, evaluator, target, probability, options.Rise, options.Seed, forMethod, cancellationToken)
            : OcclusionSaliency.Compute(input, evaluator, target, probability, options.Occlusion, forMethod, cancellationToken);

        List<string> notes = [.. saliency.Notes];
        var steps = Faithfulness.StepsWithin(options.FaithfulnessSteps, evaluator.Remaining);
        if (steps < options.FaithfulnessSteps)
        {
            notes.Add(steps == 0
                ? "no faithfulness curves: the budget left no room for 2 steps"
                : $"faithfulness curves in {steps} steps instead of {options.FaithfulnessSteps} to fit the budget");
        }

        var faithfulness = steps == 0
            ? null
            : Faithfulness.Measure(input, evaluator, saliency.Map, target, probability, steps, options.Seed, cancellationToken);
        var grid = saliency.Map.ToGrid(options.GridSize, options.GridSize);
        return new SaliencyReport(
            saliency.Method,
            target,
            probability,
            grid,
            TopRegions(grid, options.TopRegions, window),
            faithfulness,
            evaluator.Used,
            options.Budget,
            saliency.Parameters,
            window,
            notes);
    }

    /// <summary>The <paramref name="count"/> cells with the highest positive scores, with their boxes on the original image.</summary>
    public static IReadOnlyList<SaliencyRegion> TopRegions(SaliencyGrid grid, int count, InputWindow window)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(window);
        return Enumerable.Range(0, grid.Values.Length)
            .Where(i => grid.Values[i] > 0)
            .OrderByDescending(i => grid.Values[i])
            .ThenBy(i => i)
            .Take(count)
            .Select((cell, rank) =>
            {
                var (row, column) = (cell / grid.Columns, cell % grid.Columns);
                var (left, top, right, bottom) = grid.CellBounds(row, column);
                return new SaliencyRegion(
                    rank + 1, row, column, grid.Values[cell], window.ToImage(left, top, right, bottom, grid.InputWidth, grid.InputHeight));
            })
            .ToList();
    }
}
