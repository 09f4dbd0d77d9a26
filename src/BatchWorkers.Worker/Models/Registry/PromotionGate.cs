using System.Globalization;
using System.Text.Json;

namespace BatchWorkers.Worker.Models.Registry;

/// <summary>The gate's verdict, with the numbers it compared.</summary>
public sealed record GateDecision(bool Promote, string Reason);

/// <summary>
/// A candidate replaces production only if it beats production's accuracy on the same evaluation set by the
/// configured margin, or when there is no production version yet.
/// </summary>
public static class PromotionGate
{
    public static GateDecision Decide(string candidateMetricsJson, string? productionMetricsJson, double margin)
    {
        var candidate = Accuracy(candidateMetricsJson);
        if (candidate is null)
        {
            return new GateDecision(false, "The candidate has no accuracy in its metrics; evaluate it first.");
        }

        if (productionMetricsJson is null)
        {
            return new GateDecision(true, F($"No production version yet; candidate accuracy {candidate:0.####}."));
        }

        var production = Accuracy(productionMetricsJson);
        if (production is null)
        {
            return new GateDecision(true, F($"Production has no recorded accuracy; candidate accuracy {candidate:0.####}."));
        }

        return candidate >= production + margin
            ? new GateDecision(true, F($"Candidate accuracy {candidate:0.####} beats production {production:0.####} by at least {margin:0.####}."))
            : new GateDecision(false, F($"Candidate accuracy {candidate:0.####} does not beat production {production:0.####} by {margin:0.####}."));
    }

    private static double? Accuracy(string metricsJson)
    {
        using var document = JsonDocument.Parse(metricsJson);
        return document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("accuracy", out var accuracy) && accuracy.ValueKind == JsonValueKind.Number
            ? accuracy.GetDouble()
            : null;
    }

    private static string F(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
