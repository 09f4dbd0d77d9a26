using BatchWorkers.Training.Evaluation;

namespace BatchWorkers.Training.Tests.Evaluation;

public sealed class ClassificationEvaluatorTests
{
    private static readonly string[] Classes = ["a", "b", "c"];

    // Predictions: 0 ✓ (0.70), 1 ✗ (0.50), 1 ✓ (0.85), 2 ✗ (0.65), 2 ✓ (0.90), 2 ✓ (0.70).
    // No confidence sits on a 1/15 bin edge, so float rounding cannot move a sample between bins.
    private static readonly float[][] Probabilities =
    [
        [0.70f, 0.20f, 0.10f],
        [0.30f, 0.50f, 0.20f],
        [0.10f, 0.85f, 0.05f],
        [0.15f, 0.20f, 0.65f],
        [0.05f, 0.05f, 0.90f],
        [0.10f, 0.20f, 0.70f],
    ];

    private static readonly int[] Labels = [0, 0, 1, 1, 2, 2];

    [Fact]
    public void Evaluate_HandComputedExample_GivesConfusionMatrixAndAccuracy()
    {
        var report = ClassificationEvaluator.Evaluate(Probabilities, Labels, Classes);

        Assert.Equal(6, report.Samples);
        Assert.Equal(4.0 / 6, report.Accuracy, 12);
        Assert.Equal([1, 1, 0], report.ConfusionMatrix[0]);
        Assert.Equal([0, 1, 1], report.ConfusionMatrix[1]);
        Assert.Equal([0, 0, 2], report.ConfusionMatrix[2]);
    }

    [Fact]
    public void Evaluate_HandComputedExample_GivesPerClassScoresAndMacroF1()
    {
        var report = ClassificationEvaluator.Evaluate(Probabilities, Labels, Classes);

        Assert.Equal([1.0, 0.5, 2.0 / 3], report.Classes.Select(c => c.Precision), new Tolerance(1e-12));
        Assert.Equal([0.5, 0.5, 1.0], report.Classes.Select(c => c.Recall), new Tolerance(1e-12));
        Assert.Equal([2.0 / 3, 0.5, 0.8], report.Classes.Select(c => c.F1), new Tolerance(1e-12));
        Assert.Equal([2, 2, 2], report.Classes.Select(c => c.Support));
        Assert.Equal(59.0 / 90, report.MacroF1, 12);
    }

    [Fact]
    public void Evaluate_HandComputedExample_GivesExpectedCalibrationError()
    {
        var report = ClassificationEvaluator.Evaluate(Probabilities, Labels, Classes);

        // Bins: {0.50 ✗} 0.50, {0.65 ✗} 0.65, {0.70 ✓, 0.70 ✓} 2 × 0.30, {0.85 ✓} 0.15, {0.90 ✓} 0.10 → 2.0 / 6.
        Assert.Equal(15, report.CalibrationBins);
        Assert.Equal(1.0 / 3, report.ExpectedCalibrationError, 6);
    }

    [Fact]
    public void Evaluate_ClassNeverSeenNorPredicted_ScoresZeroInsteadOfNaN()
    {
        float[][] probabilities = [[0.9f, 0.05f, 0.05f], [0.15f, 0.75f, 0.1f]];

        var report = ClassificationEvaluator.Evaluate(probabilities, [0, 1], Classes);

        Assert.Equal(new ClassMetrics("c", 0, 0, 0, 0), report.Classes[2]);
        Assert.Equal(2.0 / 3, report.MacroF1, 12);
        Assert.Equal(1.0, report.Accuracy);
        Assert.Equal((0.10 + 0.25) / 2, report.ExpectedCalibrationError, 6);
    }

    [Fact]
    public void ToJson_Report_RoundTripsWithCamelCaseNames()
    {
        var report = ClassificationEvaluator.Evaluate(Probabilities, Labels, Classes);

        var json = report.ToJson();
        var back = ClassificationReport.FromJson(json);

        Assert.Contains("\"expectedCalibrationError\"", json, StringComparison.Ordinal);
        Assert.Contains("\"confusionMatrix\"", json, StringComparison.Ordinal);
        Assert.Equal(report.MacroF1, back.MacroF1);
        Assert.Equal(report.Classes, back.Classes);
        Assert.Equal(report.ConfusionMatrix.SelectMany(row => row), back.ConfusionMatrix.SelectMany(row => row));
    }

    [Fact]
    public void Evaluate_LabelOutsideTheClasses_Throws()
    {
        Assert.Throws<ArgumentException>(() => ClassificationEvaluator.Evaluate(Probabilities, [0, 0, 1, 1, 2, 3], Classes));
    }

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon;

        public int GetHashCode(double obj) => 0;
    }
}
