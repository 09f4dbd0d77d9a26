namespace BatchWorkers.Explainability.FineTuning;

/// <summary>Scores computed from a confusion matrix, with the same conventions as the trainer's evaluator.</summary>
/// <param name="Samples">Images counted in the matrix.</param>
/// <param name="Accuracy">Share on the diagonal.</param>
/// <param name="MacroF1">Unweighted mean of the per-class F1 scores, over every class.</param>
/// <param name="Classes">Per-class scores in class-index order.</param>
public sealed record ConfusionMetrics(int Samples, double Accuracy, double MacroF1, IReadOnlyList<ClassScores> Classes)
{
    /// <summary>Scores <paramref name="matrix"/> (row = true class, column = predicted class).</summary>
    /// <exception cref="ArgumentException">The matrix is not square with one row per label, or holds a negative count.</exception>
    public static ConfusionMetrics From(IReadOnlyList<string> labels, IReadOnlyList<IReadOnlyList<int>> matrix)
    {
        Validate(labels, matrix);
        var n = labels.Count;
        var total = matrix.Sum(row => row.Sum());
        var diagonal = Enumerable.Range(0, n).Sum(i => matrix[i][i]);
        var classes = new List<ClassScores>(n);
        for (var i = 0; i < n; i++)
        {
            var support = matrix[i].Sum();
            var predicted = Enumerable.Range(0, n).Sum(r => matrix[r][i]);
            var precision = Ratio(matrix[i][i], predicted);
            var recall = Ratio(matrix[i][i], support);
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            classes.Add(new ClassScores(labels[i], precision, recall, f1, support, predicted));
        }

        return new ConfusionMetrics(total, Ratio(diagonal, total), n == 0 ? 0 : classes.Average(c => c.F1), classes);
    }

    internal static void Validate(IReadOnlyList<string> labels, IReadOnlyList<IReadOnlyList<int>> matrix)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.Count != labels.Count || matrix.Any(row => row is null || row.Count != labels.Count))
        {
            throw new ArgumentException($"The confusion matrix must be {labels.Count} × {labels.Count}, one row and column per class.", nameof(matrix));
        }

        if (matrix.Any(row => row.Any(count => count < 0)))
        {
            throw new ArgumentException("The confusion matrix holds a negative count.", nameof(matrix));
        }
    }

    private static double Ratio(int part, int whole) => whole == 0 ? 0 : (double)part / whole;
}
