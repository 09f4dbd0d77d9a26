namespace BatchWorkers.Benchmarks.Load;

/// <summary>One sample during a load run: seconds since submission, the worker's resident memory, and every queue's depth.</summary>
public sealed record LoadSample(double Seconds, long ResidentBytes, long PeakResidentBytes, IReadOnlyDictionary<string, long> QueueDepths)
{
    public double ResidentMiB => ResidentBytes / 1048576.0;

    public long Depth(string queue) => QueueDepths.GetValueOrDefault(queue);

    /// <summary>Messages in every queue whose name matches, e.g. the intake queues (<c>submit-…</c>).</summary>
    public long DepthOfAll(Func<string, bool> match) => QueueDepths.Where(q => match(q.Key)).Sum(q => q.Value);
}
