using System.Text.Json;

namespace BatchWorkers.Explainability.Saliency;

/// <summary>An image's explanation: what was computed, how, at what cost; serialises to JSON for storage.</summary>
/// <param name="Method">Occlusion or RISE.</param>
/// <param name="TargetClass">The class explained.</param>
/// <param name="TargetProbability">The model's probability for that class on the unaltered image.</param>
/// <param name="Grid">The saliency pooled into grid cells over the model input.</param>
/// <param name="TopRegions">The cells that matter most, with their boxes on the original image; most salient first.</param>
/// <param name="Faithfulness">Deletion and insertion curves and their areas, or null when the budget left no room for them.</param>
/// <param name="Evaluations">Model evaluations used, every step included; never more than <paramref name="Budget"/>.</param>
/// <param name="Budget">The most evaluations allowed.</param>
/// <param name="Parameters">The settings the method ran with, after fitting the budget.</param>
/// <param name="Window">Where the model input lies in the original image.</param>
/// <param name="Notes">What was changed to fit the budget, in words; empty when nothing was.</param>
public sealed record SaliencyReport(
    SaliencyMethod Method,
    int TargetClass,
    float TargetProbability,
    SaliencyGrid Grid,
    IReadOnlyList<SaliencyRegion> TopRegions,
    FaithfulnessResult? Faithfulness,
    int Evaluations,
    int Budget,
    SaliencyParameters Parameters,
    InputWindow Window,
    IReadOnlyList<string> Notes)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>camelCase JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads what <see cref="ToJson"/> wrote.</summary>
    /// <exception cref="JsonException">The JSON is not a saliency report.</exception>
    public static SaliencyReport FromJson(string json) =>
        JsonSerializer.Deserialize<SaliencyReport>(json, Json) ?? throw new JsonException("The JSON holds no saliency report.");
}
