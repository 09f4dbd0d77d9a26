using System.Text.Json;
using BatchWorkers.Contracts;
using BatchWorkers.Worker.Jobs;

namespace BatchWorkers.Worker.Explainability;

/// <summary>A job's explanation settings as stored (<c>jobs.explain</c>), resolved against the worker's defaults.</summary>
public sealed record ExplainPlan(ExplainMode Mode, int SampleSize, int Budget)
{
    public static ExplainPlan None { get; } = new(ExplainMode.None, 0, 0);

    /// <exception cref="JobRejectedException">When the sample size or budget is out of range.</exception>
    public static ExplainPlan Resolve(ExplainSettings? settings, ExplainOptions options)
    {
        var mode = settings?.Mode ?? options.DefaultMode;
        var sample = settings?.SampleSize ?? options.DefaultSampleSize;
        var budget = settings?.Budget ?? options.DefaultBudget;
        if (mode != ExplainMode.None && sample is < 1 or > 1000)
        {
            throw new JobRejectedException(JobRejectionCodes.InvalidParameters, $"explain.sampleSize must be between 1 and 1000; it was {sample}.");
        }

        if (mode != ExplainMode.None && (budget < 10 || budget > options.MaxBudget))
        {
            throw new JobRejectedException(JobRejectionCodes.InvalidParameters,
                $"explain.budget must be between 10 and {options.MaxBudget} model evaluations per item; it was {budget}.");
        }

        return new ExplainPlan(mode, sample, budget);
    }

    public string ToJson() => JsonSerializer.Serialize(this, BatchWorkersJson.Options);

    public static ExplainPlan FromJson(string? json) =>
        json is null ? None : JsonSerializer.Deserialize<ExplainPlan>(json, BatchWorkersJson.Options) ?? None;

    /// <summary>Whether item <paramref name="index"/> of <paramref name="total"/> is among those to explain (evenly spread for a sample).</summary>
    public bool Covers(int index, int total) => Mode switch
    {
        ExplainMode.All => true,
        ExplainMode.Sample => SampleSize >= total || SampleIndexes(total).Contains(index),
        _ => false,
    };

    private HashSet<int> SampleIndexes(int total) => [.. Enumerable.Range(0, SampleSize).Select(k => (int)((long)k * total / SampleSize))];
}
