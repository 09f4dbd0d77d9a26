namespace BatchWorkers.Explainability.Saliency;

/// <summary>
/// Measures how faithful a saliency map is with deletion and insertion curves (<see cref="FaithfulnessResult"/>).
/// Pixels are ordered by saliency, ties broken in a seeded random order. The curves share their end points: the
/// unaltered image and the all-baseline image, so K steps cost 1 + 3·(K − 1) evaluations (deletion, insertion and
/// random deletion), run in batches.
/// </summary>
public static class Faithfulness
{
    /// <summary>Evaluations that <paramref name="steps"/> steps take: 1 + 3·(steps − 1), or 0 for fewer than 2 steps.</summary>
    public static int EvaluationsFor(int steps) => steps < 2 ? 0 : 1 + (3 * (steps - 1));

    /// <summary>The most steps, up to <paramref name="steps"/>, that <paramref name="budget"/> evaluations allow; 0 when fewer than 2.</summary>
    public static int StepsWithin(int steps, int budget)
    {
        var most = budget < 1 ? 0 : ((budget - 1) / 3) + 1;
        var fitted = Math.Min(steps, most);
        return fitted < 2 ? 0 : fitted;
    }

    /// <summary>
    /// Measures the curves for <paramref name="map"/> with at most <see cref="SaliencyOptions.Budget"/> evaluations: one
    /// for the unaltered image, the rest for <see cref="SaliencyOptions.FaithfulnessSteps"/> steps (fewer if needed).
    /// </summary>
    /// <returns>The curves, or null when the budget leaves fewer than 2 steps.</returns>
    /// <exception cref="ArgumentException">The options are not valid, or the map's size is not the input's.</exception>
    public static FaithfulnessResult? Measure(
        SaliencyInput input,
        BatchClassifier classifier,
        SaliencyMap map,
        SaliencyOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var evaluator = new ModelEvaluator(classifier, input.Geometry, options.BatchSize, options.Budget);
        var (target, probability) = Targets.EvaluateOriginal(input, evaluator, cancellationToken);
        var steps = StepsWithin(options.FaithfulnessSteps, evaluator.Remaining);
        return steps == 0 ? null : Measure(input, evaluator, map, target, probability, steps, options.Seed, cancellationToken);
    }

    internal static FaithfulnessResult Measure(
        SaliencyInput input,
        ModelEvaluator evaluator,
        SaliencyMap map,
        int target,
        float originalProbability,
        int steps,
        int seed,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 2);
        if (map.Height != input.Geometry.Height || map.Width != input.Geometry.Width)
        {
            throw new ArgumentException(
                $"The map is {map.Height}×{map.Width}; the input is {input.Geometry.Height}×{input.Geometry.Width}.", nameof(map));
        }

        var pixels = input.Geometry.Pixels;
        var random = new Random(seed);
        var tieBreak = new double[pixels];
        for (var i = 0; i < pixels; i++)
        {
            tieBreak[i] = random.NextDouble();
        }

        var salient = Enumerable.Range(0, pixels)
            .OrderByDescending(p => map.Values[p])
            .ThenBy(p => tieBreak[p])
            .ToArray();
        var shuffled = Enumerable.Range(0, pixels).ToArray();
        random.Shuffle(shuffled);
        var counts = new int[steps + 1];
        for (var j = 0; j <= steps; j++)
        {
            counts[j] = (int)Math.Round((double)j * pixels / steps);
        }

        // Image 0 is all baseline; then steps − 1 deletion images, steps − 1 insertion images, steps − 1 random deletion images.
        var deletion = new float[steps + 1];
        var insertion = new float[steps + 1];
        var randomDeletion = new float[steps + 1];
        deletion[0] = randomDeletion[0] = insertion[steps] = originalProbability;
        var interior = steps - 1;
        var evaluations = EvaluationsFor(steps);
        var before = evaluator.Used;
        evaluator.Run(
            evaluations,
            (index, image) =>
            {
                if (index == 0)
                {
                    input.FillBaseline(image);
                    return;
                }

                var (curve, j) = ((index - 1) / interior, ((index - 1) % interior) + 1);
                if (curve == 1)
                {
                    input.FillBaseline(image);
                    for (var k = 0; k < counts[j]; k++)
                    {
                        input.Reveal(image, salient[k]);
                    }

                    return;
                }

                input.Pixels.Span.CopyTo(image);
                var order = curve == 0 ? salient : shuffled;
                for (var k = 0; k < counts[j]; k++)
                {
                    input.Occlude(image, order[k]);
                }
            },
            (index, row) =>
            {
                var probability = ModelEvaluator.Probability(row, target);
                if (index == 0)
                {
                    deletion[steps] = randomDeletion[steps] = insertion[0] = probability;
                    return;
                }

                var (curve, j) = ((index - 1) / interior, ((index - 1) % interior) + 1);
                (curve switch { 0 => deletion, 1 => insertion, _ => randomDeletion })[j] = probability;
            },
            cancellationToken);

        return new FaithfulnessResult(
            steps, deletion, insertion, randomDeletion, Auc(deletion), Auc(insertion), Auc(randomDeletion), evaluator.Used - before);
    }

    /// <summary>Trapezoid area under points evenly spaced over x in [0, 1].</summary>
    internal static double Auc(IReadOnlyList<float> curve)
    {
        double area = 0;
        for (var j = 1; j < curve.Count; j++)
        {
            area += (curve[j - 1] + curve[j]) / 2.0;
        }

        return area / (curve.Count - 1);
    }
}
