namespace BatchWorkers.Training.Evaluation;

/// <summary>Accuracy, macro-F1, per-class precision and recall, confusion matrix and calibration, in plain C#.</summary>
public static class ClassificationEvaluator
{
    /// <summary>Bins for the expected calibration error unless told otherwise (the usual choice in the literature).</summary>
    public const int DefaultCalibrationBins = 15;

    /// <summary>Scores predicted probabilities against true labels. The prediction is the first most probable class.</summary>
    /// <param name="probabilities">One row of class probabilities per image.</param>
    /// <param name="labels">True class index per image.</param>
    /// <param name="classNames">Class names in class-index order; fixes the number of classes.</param>
    /// <param name="calibrationBins">Equal-width confidence bins; bin b holds confidences in (b/B, (b+1)/B], bin 0 also 0.</param>
    /// <exception cref="ArgumentException">Counts, row widths or labels do not fit the classes.</exception>
    public static ClassificationReport Evaluate(
        IReadOnlyList<IReadOnlyList<float>> probabilities,
        IReadOnlyList<int> labels,
        IReadOnlyList<string> classNames,
        int calibrationBins = DefaultCalibrationBins)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentOutOfRangeException.ThrowIfLessThan(calibrationBins, 1);
        Check(probabilities, labels, classNames.Count);

        var classes = classNames.Count;
        var confusion = new int[classes][];
        for (var c = 0; c < classes; c++)
        {
            confusion[c] = new int[classes];
        }

        var binCount = new int[calibrationBins];
        var binCorrect = new int[calibrationBins];
        var binConfidence = new double[calibrationBins];
        for (var i = 0; i < labels.Count; i++)
        {
            var (predicted, confidence) = ArgMax(probabilities[i]);
            confusion[labels[i]][predicted]++;
            var bin = Math.Clamp((int)Math.Ceiling(confidence * calibrationBins) - 1, 0, calibrationBins - 1);
            binCount[bin]++;
            binConfidence[bin] += confidence;
            binCorrect[bin] += predicted == labels[i] ? 1 : 0;
        }

        var perClass = Enumerable.Range(0, classes).Select(c => ClassScores(confusion, c, classNames[c])).ToList();
        var correct = Enumerable.Range(0, classes).Sum(c => confusion[c][c]);
        var calibrationError = Enumerable.Range(0, calibrationBins)
            .Where(b => binCount[b] > 0)
            .Sum(b => binCount[b] / (double)labels.Count
                * Math.Abs((binCorrect[b] / (double)binCount[b]) - (binConfidence[b] / binCount[b])));
        return new ClassificationReport(
            labels.Count,
            correct / (double)labels.Count,
            perClass.Average(metrics => metrics.F1),
            calibrationError,
            calibrationBins,
            perClass,
            confusion);
    }

    private static ClassMetrics ClassScores(int[][] confusion, int c, string label)
    {
        var truePositives = confusion[c][c];
        var support = confusion[c].Sum();
        var predicted = confusion.Sum(row => row[c]);
        var precision = Ratio(truePositives, predicted);
        var recall = Ratio(truePositives, support);
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new ClassMetrics(label, precision, recall, f1, support);
    }

    private static double Ratio(int numerator, int denominator) => denominator == 0 ? 0 : numerator / (double)denominator;

    private static (int Index, double Value) ArgMax(IReadOnlyList<float> row)
    {
        var best = 0;
        for (var c = 1; c < row.Count; c++)
        {
            if (row[c] > row[best])
            {
                best = c;
            }
        }

        return (best, row[best]);
    }

    private static void Check(IReadOnlyList<IReadOnlyList<float>> probabilities, IReadOnlyList<int> labels, int classes)
    {
        if (probabilities.Count != labels.Count || labels.Count == 0)
        {
            throw new ArgumentException(
                $"Need one probability row per label and at least one of each; got {probabilities.Count} rows and {labels.Count} labels.",
                nameof(labels));
        }

        if (probabilities.Any(row => row is null || row.Count != classes))
        {
            throw new ArgumentException($"Every probability row must hold {classes} values.", nameof(probabilities));
        }

        if (labels.Any(label => label < 0 || label >= classes))
        {
            throw new ArgumentException($"Every label must be a class index in 0..{classes - 1}.", nameof(labels));
        }
    }
}
