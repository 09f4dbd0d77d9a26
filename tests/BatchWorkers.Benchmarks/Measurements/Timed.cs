using System.Diagnostics;

namespace BatchWorkers.Benchmarks.Measurements;

internal static class Timed
{
    /// <summary>Wall milliseconds of one call.</summary>
    public static double Milliseconds(Action action)
    {
        var started = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
}
