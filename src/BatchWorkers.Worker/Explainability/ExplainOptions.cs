using System.ComponentModel.DataAnnotations;
using BatchWorkers.Contracts;

namespace BatchWorkers.Worker.Explainability;

/// <summary>Section <c>Explain</c>: explanation reports.</summary>
public sealed class ExplainOptions
{
    public const string Section = "Explain";

    /// <summary>For jobs that do not say. Default <see cref="ExplainMode.None"/>.</summary>
    public ExplainMode DefaultMode { get; set; } = ExplainMode.None;

    /// <summary>Items per job under <see cref="ExplainMode.Sample"/> when the job does not say. Default 5.</summary>
    [Range(1, 1000)]
    public int DefaultSampleSize { get; set; } = 5;

    /// <summary>Model evaluations per item when the job does not say. Default 400.</summary>
    [Range(10, 100_000)]
    public int DefaultBudget { get; set; } = 400;

    /// <summary>Most evaluations a job may ask for per item. Default 5000.</summary>
    [Range(10, 1_000_000)]
    public int MaxBudget { get; set; } = 5000;

    /// <summary>Reports this worker computes at once (a Hangfire server of their own on the <c>explain</c> queue). Default 1; 0 takes none.</summary>
    [Range(0, 16)]
    public int Concurrency { get; set; } = 1;

    /// <summary>
    /// Reports wait, before each batch of model evaluations, until this worker has run no chunk for
    /// <see cref="InferenceQuietPeriod"/>: on shared cores inference goes first. Default true.
    /// </summary>
    public bool YieldToInference { get; set; } = true;

    /// <summary>How long no chunk must have run before a report batch starts; longer than the gap between a stream of chunks. Default 250 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan InferenceQuietPeriod { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest a report batch waits for a quiet moment before it runs anyway, so reports progress on a worker that is never idle. Default 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxYield { get; set; } = TimeSpan.FromMinutes(1);
}
