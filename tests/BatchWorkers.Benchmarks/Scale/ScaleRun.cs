namespace BatchWorkers.Benchmarks.Scale;

/// <summary>One worker process's share of a measured job.</summary>
/// <param name="Items">Results it wrote (item_results.worker).</param>
/// <param name="Cpu">CPU time it used during the job.</param>
public sealed record WorkerShare(int ProcessId, long Items, TimeSpan Cpu);

/// <summary>One measured job with <see cref="Workers"/> worker processes on one database and vhost.</summary>
/// <param name="Elapsed">Publish → the job's last result.</param>
/// <param name="HangfireServers">Hangfire servers registered in the shared database while it ran (each worker runs several).</param>
public sealed record ScaleRun(
    int Workers, int Run, int Images, TimeSpan Elapsed, IReadOnlyList<WorkerShare> Shares, long HangfireServers, string LoadBefore, string LoadAfter)
{
    public double ImagesPerSecond => Images / Elapsed.TotalSeconds;

    /// <summary>Images per second of worker CPU: flat across worker counts when competing consumers add no overhead.</summary>
    public double ImagesPerCpuSecond => Images / Shares.Sum(s => s.Cpu.TotalSeconds);

    /// <summary>Every worker's CPU time over wall time × cores: how much of the machine the workers got.</summary>
    public double CpuShare => Shares.Sum(s => s.Cpu.TotalSeconds) / (Elapsed.TotalSeconds * Environment.ProcessorCount);
}
