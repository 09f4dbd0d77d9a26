namespace BatchWorkers.Explainability.Saliency;

/// <summary>The class to explain and its probability on the unaltered image (one evaluation).</summary>
internal static class Targets
{
    public static (int Target, float Probability) EvaluateOriginal(
        SaliencyInput input, ModelEvaluator evaluator, CancellationToken cancellationToken)
    {
        var row = evaluator.RunOne(input.Pixels.Span, cancellationToken);
        if (row.Length == 0)
        {
            throw new InvalidOperationException("The classifier returned no class probabilities.");
        }

        var target = input.TargetClass ?? ArgMax(row);
        return (target, ModelEvaluator.Probability(row, target));
    }

    private static int ArgMax(float[] row)
    {
        var best = 0;
        for (var i = 1; i < row.Length; i++)
        {
            if (row[i] > row[best])
            {
                best = i;
            }
        }

        return best;
    }
}
