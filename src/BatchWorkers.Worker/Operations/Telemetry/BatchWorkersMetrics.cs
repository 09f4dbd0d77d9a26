using System.Diagnostics.Metrics;
using BatchWorkers.Contracts;
using BatchWorkers.Worker.Jobs;

namespace BatchWorkers.Worker.Operations;

/// <summary>The worker's metrics (meter <c>BatchWorkers</c>), exported for Prometheus at <c>/metrics</c>.</summary>
public sealed class BatchWorkersMetrics
{
    public const string MeterName = "BatchWorkers";

    private readonly Counter<long> _jobsSubmitted;
    private readonly Counter<long> _jobsFinished;
    private readonly Counter<long> _items;
    private readonly Histogram<double> _chunkDuration;
    private readonly Histogram<double> _queueWait;

    public BatchWorkersMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _jobsSubmitted = meter.CreateCounter<long>("batchworkers.jobs.submitted", "{job}", "Jobs accepted, by type and intake.");
        _jobsFinished = meter.CreateCounter<long>("batchworkers.jobs.finished", "{job}", "Jobs that reached a final state, by type and state.");
        _items = meter.CreateCounter<long>("batchworkers.items.processed", "{item}", "Items processed, by type and outcome; rate() gives items/s.");
        _chunkDuration = meter.CreateHistogram<double>("batchworkers.chunk.duration", "s", "Time to process one chunk.");
        _queueWait = meter.CreateHistogram<double>("batchworkers.chunk.queue_wait", "s", "Time a chunk message waited in the queue.");
    }

    public void JobSubmitted(JobType type, string via) =>
        _jobsSubmitted.Add(1, new KeyValuePair<string, object?>("type", type.ToString()), new KeyValuePair<string, object?>("via", via));

    public void JobFinished(JobType type, JobState state) =>
        _jobsFinished.Add(1, new KeyValuePair<string, object?>("type", type.ToString()), new KeyValuePair<string, object?>("state", state.ToString()));

    public void ChunkProcessed(JobType type, TimeSpan elapsed, IReadOnlyCollection<ItemOutcome> outcomes)
    {
        var typeTag = new KeyValuePair<string, object?>("type", type.ToString());
        _chunkDuration.Record(elapsed.TotalSeconds, typeTag);
        var succeeded = outcomes.Count(o => o.Succeeded);
        _items.Add(succeeded, typeTag, new KeyValuePair<string, object?>("outcome", "succeeded"));
        _items.Add(outcomes.Count - succeeded, typeTag, new KeyValuePair<string, object?>("outcome", "failed"));
    }

    public void QueueWait(JobType type, TimeSpan wait) =>
        _queueWait.Record(Math.Max(0, wait.TotalSeconds), new KeyValuePair<string, object?>("type", type.ToString()));
}
