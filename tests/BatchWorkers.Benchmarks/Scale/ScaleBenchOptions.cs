namespace BatchWorkers.Benchmarks.Scale;

/// <summary>What <c>bw-bench scale</c> runs. Every default is what <c>./bench.sh scale</c> with no arguments runs.</summary>
/// <param name="Images">Images in the measured job, the same for every worker count. Default 384.</param>
/// <param name="WorkerCounts">Worker processes to measure with, in order. Default 1, 2, 3.</param>
/// <param name="Model">The image model; its inference should dominate the cost. Default bench-heavy.</param>
/// <param name="ChunkSize">Images per chunk and per ONNX Runtime batch: small, so the chunks spread over the workers. Default 8.</param>
/// <param name="Runs">Rounds of every worker count in turn (fresh workers each time); the median is reported. Default 3.</param>
/// <param name="MarkdownPath">Also write the result tables as Markdown here. Default: none.</param>
/// <param name="WorkerSettings">Extra worker configuration. Default: none.</param>
public sealed record ScaleBenchOptions(
    int Images, IReadOnlyList<int> WorkerCounts, string Model, int ChunkSize, int Runs, string? MarkdownPath,
    IReadOnlyDictionary<string, string> WorkerSettings)
{
    /// <summary>ONNX Runtime threads per worker: one, so one worker uses one core and N workers N cores.</summary>
    public const int IntraOpThreads = 1;

    /// <summary>The settings every worker gets: one intra-op thread, one chunk at a time, the chunk size; then <see cref="WorkerSettings"/>.</summary>
    public IReadOnlyDictionary<string, string> EffectiveWorkerSettings(string inputRoot)
    {
        var chunk = ChunkSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var settings = new Dictionary<string, string>
        {
            ["Models:IntraOpThreads"] = IntraOpThreads.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ImageClassification:ConcurrentChunks"] = "1",
            ["ImageClassification:BatchSize"] = chunk,
            ["Jobs:ChunkSize"] = chunk,
            ["Inputs:FileRoot"] = inputRoot,
        };
        foreach (var (key, value) in WorkerSettings)
        {
            settings[key] = value;
        }

        return settings;
    }
}
