namespace BatchWorkers.Benchmarks.Load;

/// <summary>What <c>bw-bench load</c> runs. Every default is what <c>./bench.sh load</c> with no arguments runs.</summary>
/// <param name="Images">Images in the image-classification job. Default 10,000.</param>
/// <param name="TextJobs">Small translation and summarization jobs submitted with it. Default 1,000.</param>
/// <param name="CompareImages">A first, smaller run (text jobs scaled alike) whose peak memory the main run's is compared with; 0 skips it. Default: a fifth of <see cref="Images"/> (2,000).</param>
/// <param name="Model">The image model (a benchmark model). Default bench-light.</param>
/// <param name="MarkdownPath">Also write the result tables as Markdown here. Default: none.</param>
/// <param name="ChartPath">Write a PNG chart of queue depths and worker memory over time here. Default: none.</param>
/// <param name="WorkerSettings">Extra worker configuration. Default: none.</param>
public sealed record LoadBenchOptions(
    int Images, int TextJobs, int CompareImages, string Model, string? MarkdownPath, string? ChartPath,
    IReadOnlyDictionary<string, string> WorkerSettings)
{
    /// <summary>Text jobs of the comparison run: the same share of the load as in the main run.</summary>
    public int CompareTextJobs => (int)Math.Round((double)TextJobs * CompareImages / Images);
}
