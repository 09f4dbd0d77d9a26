using BatchWorkers.Benchmarks.Measurements;

namespace BatchWorkers.Benchmarks.Load;

/// <summary>Time from submission to result over one job type's items (or every item: <see cref="JobType"/> "all"), in seconds.</summary>
/// <param name="FromSubmitted">completed_at − the job's submitted_at (recorded by the worker at intake).</param>
/// <param name="FromPublishedP50">completed_at − the moment the benchmark published the jobs: includes the wait in the intake queue.</param>
public sealed record ItemLatency(
    string JobType, long Items, long Failed, Percentiles FromSubmitted, double FromPublishedP50, double FromPublishedP99);

public sealed record Percentiles(double P50, double P95, double P99, double Max);

/// <summary>One load run: a fresh worker process, database and vhost, every job submitted at once.</summary>
/// <param name="Wall">Publishing started → the last job reached a final state.</param>
/// <param name="ImagesDone">Publishing started → the image job's last result.</param>
/// <param name="Publishing">How long publishing every job took.</param>
/// <param name="AfterWarmUp">The worker's memory once started and warmed up (one small job per model), before the load.</param>
/// <param name="PeakResidentBytes">VmHWM at the end: the most resident memory the worker ever had.</param>
/// <param name="WorkerCpu">CPU time the worker process used during the load.</param>
public sealed record LoadPhaseResult(
    int Images, int TextJobs, long TextItems, TimeSpan Wall, TimeSpan ImagesDone, TimeSpan Publishing,
    IReadOnlyList<ItemLatency> Latencies, IReadOnlyDictionary<string, long> JobStates,
    ProcessMemory AfterWarmUp, long PeakResidentBytes, TimeSpan WorkerCpu, IReadOnlyList<LoadSample> Samples,
    string LoadBefore, string LoadAfter)
{
    public long Items => Images + TextItems;

    public double ItemsPerSecond => Items / Wall.TotalSeconds;

    public double ImagesPerSecond => Images / ImagesDone.TotalSeconds;

    public double PeakResidentMiB => PeakResidentBytes / 1048576.0;

    /// <summary>The largest sampled RSS: VmHWM can include a start-up spike the samples did not see.</summary>
    public double MaxSampledResidentMiB => Samples.Count == 0 ? 0 : Samples.Max(s => s.ResidentMiB);
}
