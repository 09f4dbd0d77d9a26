using System.Diagnostics;

namespace BatchWorkers.Benchmarks.Measurements;

/// <summary>
/// This process's CPU time over a span of wall time, as a share of every core. About 100 % during the raw run
/// means ONNX Runtime had the whole machine; much less means other processes took cores (the numbers are noisy).
/// </summary>
public readonly struct CpuMeter
{
    private readonly TimeSpan _cpuAtStart;
    private readonly long _startedAt;

    private CpuMeter(TimeSpan cpuAtStart, long startedAt)
    {
        _cpuAtStart = cpuAtStart;
        _startedAt = startedAt;
    }

    public static CpuMeter Start() => new(ProcessCpu(), Stopwatch.GetTimestamp());

    /// <summary>CPU time used since <see cref="Start"/> over wall time × logical cores, 0–1.</summary>
    public double Share()
    {
        var wall = Stopwatch.GetElapsedTime(_startedAt);
        return (ProcessCpu() - _cpuAtStart) / (wall * Environment.ProcessorCount);
    }

    private static TimeSpan ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
