using System.Globalization;

namespace BatchWorkers.Benchmarks.Measurements;

/// <summary>
/// A process's resident memory from <c>/proc/PID/status</c>: <c>VmRSS</c> now and <c>VmHWM</c>, the kernel's own
/// high-water mark, which catches a peak between two samples.
/// </summary>
public sealed record ProcessMemory(long ResidentBytes, long PeakResidentBytes)
{
    public double ResidentMiB => ResidentBytes / 1048576.0;

    public double PeakResidentMiB => PeakResidentBytes / 1048576.0;

    public static ProcessMemory Read(int processId)
    {
        long rss = 0, hwm = 0;
        foreach (var line in File.ReadLines($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kibibytes(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                hwm = Kibibytes(line);
            }
        }

        return new ProcessMemory(rss * 1024, hwm * 1024);
    }

    // "VmRSS:	  123456 kB"
    private static long Kibibytes(string line) =>
        long.Parse(line.Split(':', 2)[1].Trim().Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture);
}
