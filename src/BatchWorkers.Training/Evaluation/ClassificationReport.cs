using System.Text.Json;

namespace BatchWorkers.Training.Evaluation;

/// <summary>How well a classifier did on labelled images; serialises to JSON for job results and the registry.</summary>
/// <param name="Samples">Images evaluated.</param>
/// <param name="Accuracy">Share predicted right.</param>
/// <param name="MacroF1">Unweighted mean of the per-class F1 scores, over every class.</param>
/// <param name="ExpectedCalibrationError">Σ over confidence bins of (bin share) · |accuracy − mean confidence|.</param>
/// <param name="CalibrationBins">Equal-width confidence bins used for the calibration error.</param>
/// <param name="Classes">Per-class precision, recall, F1 and support, in class-index order.</param>
/// <param name="ConfusionMatrix">Counts: row = true class, column = predicted class.</param>
public sealed record ClassificationReport(
    int Samples,
    double Accuracy,
    double MacroF1,
    double ExpectedCalibrationError,
    int CalibrationBins,
    IReadOnlyList<ClassMetrics> Classes,
    IReadOnlyList<IReadOnlyList<int>> ConfusionMatrix)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>camelCase JSON, indented.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads what <see cref="ToJson"/> wrote.</summary>
    public static ClassificationReport FromJson(string json) =>
        JsonSerializer.Deserialize<ClassificationReport>(json, Json)
        ?? throw new JsonException("The JSON holds no classification report.");
}
