using System.Globalization;

namespace BatchWorkers.Benchmarks.Explanations;

/// <summary>What <c>bw-bench explain</c> measures. Every default is what <c>./bench.sh explain</c> with no other arguments runs.</summary>
/// <param name="Model">The image benchmark model. Default bench (ResNet-18-class compute).</param>
/// <param name="Images">Images in the measured inference job. Default 512.</param>
/// <param name="Explained">Images of the job whose reports run alongside (explain: all). Default 8.</param>
/// <param name="Runs">Repetitions of the alone/alongside pair; medians are reported. Default 3.</param>
/// <param name="BatchSize">Images per ONNX Runtime call and per chunk; also the reports' evaluation batch. Default 32.</param>
/// <param name="Budget">Model evaluations per explained item (the worker's default, Explain:DefaultBudget). Default 400.</param>
/// <param name="MarkdownPath">Also write the result tables as Markdown here. Default: none.</param>
/// <param name="WorkerSettings">Extra worker configuration, e.g. Explain:YieldToInference=false. Default: none.</param>
public sealed record ExplainBenchOptions(
    string Model, int Images, int Explained, int Runs, int BatchSize, int Budget, string? MarkdownPath,
    IReadOnlyDictionary<string, string> WorkerSettings)
{
    /// <summary>Tokens every benchmark translation generates in the text method's measurement.</summary>
    public const int NewTokens = 32;

    /// <summary>The worker's configuration: chunk and batch size, then <see cref="WorkerSettings"/> on top.</summary>
    public IReadOnlyDictionary<string, string> EffectiveWorkerSettings
    {
        get
        {
            var settings = new Dictionary<string, string>
            {
                ["Jobs:ChunkSize"] = BatchSize.ToString(CultureInfo.InvariantCulture),
                ["ImageClassification:BatchSize"] = BatchSize.ToString(CultureInfo.InvariantCulture),
            };
            foreach (var (key, value) in WorkerSettings)
            {
                settings[key] = value;
            }

            return settings;
        }
    }

    /// <summary>Whether reports give way to inference in this run (Explain:YieldToInference, default true).</summary>
    public bool YieldToInference =>
        !EffectiveWorkerSettings.TryGetValue("Explain:YieldToInference", out var value) || !bool.TryParse(value, out var yields) || yields;
}
