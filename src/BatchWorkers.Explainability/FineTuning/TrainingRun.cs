using System.Text.Json;

namespace BatchWorkers.Explainability.FineTuning;

/// <summary>What a fine-tune job's charts are drawn from.</summary>
/// <param name="Epochs">Per-epoch losses and accuracies, in epoch order; empty for runs without epochs (transfer with a closed-form head).</param>
/// <param name="BestEpoch">The epoch whose weights were kept, or null.</param>
/// <param name="Classes">Class names in class-index order.</param>
/// <param name="ConfusionMatrix">Held-out counts: row = true class, column = predicted class; empty when there is none.</param>
public sealed record TrainingRun(
    IReadOnlyList<EpochPoint> Epochs,
    int? BestEpoch,
    IReadOnlyList<string> Classes,
    IReadOnlyList<IReadOnlyList<int>> ConfusionMatrix)
{
    /// <summary>
    /// Reads the metrics JSON a fine-tune job stores: <c>epochs</c> (objects with epoch, trainLoss, trainAccuracy,
    /// heldOutLoss, heldOutAccuracy), <c>bestEpoch</c>, <c>classes</c> (objects with a <c>label</c>, or plain
    /// strings) and <c>confusionMatrix</c>. Missing members read as empty.
    /// </summary>
    /// <exception cref="JsonException">The JSON is not an object, or a member has the wrong shape.</exception>
    public static TrainingRun FromMetricsJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("The metrics JSON is not an object.");
        }

        var epochs = root.TryGetProperty("epochs", out var e) && e.ValueKind == JsonValueKind.Array
            ? e.Deserialize<List<EpochPoint>>(JsonSerializerOptions.Web) ?? []
            : [];
        int? best = root.TryGetProperty("bestEpoch", out var b) && b.ValueKind == JsonValueKind.Number ? b.GetInt32() : null;
        var classes = root.TryGetProperty("classes", out var c) && c.ValueKind == JsonValueKind.Array
            ? c.EnumerateArray().Select(Label).ToList()
            : [];
        var matrix = root.TryGetProperty("confusionMatrix", out var m) && m.ValueKind == JsonValueKind.Array
            ? m.EnumerateArray().Select(row => (IReadOnlyList<int>)row.EnumerateArray().Select(count => count.GetInt32()).ToList()).ToList()
            : [];
        return new TrainingRun(epochs, best, classes, matrix);
    }

    private static string Label(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!,
        JsonValueKind.Object when element.TryGetProperty("label", out var label) => label.GetString() ?? "",
        _ => throw new JsonException("A class is neither a name nor an object with a label."),
    };
}
