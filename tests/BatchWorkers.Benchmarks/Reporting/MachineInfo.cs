using System.Runtime;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace BatchWorkers.Benchmarks.Reporting;

/// <summary>What the numbers were measured on.</summary>
public sealed record MachineInfo(
    int LogicalCores, string Cpu, string Os, string Runtime, string OnnxRuntime, string Gc, string PostgreSql, string RabbitMq)
{
    /// <summary>1-minute load average at the start and at the end: above the core count, other work shared the CPU.</summary>
    public string Load { get; init; } = "";

    public static MachineInfo Describe(string executionProvider, string postgreSql, string rabbitMq) => new(
        Environment.ProcessorCount,
        CpuModel(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        $"{OrtEnv.Instance().GetVersionString()} ({executionProvider})",
        GCSettings.IsServerGC ? "server" : "workstation",
        postgreSql,
        rabbitMq);

    public IEnumerable<(string Name, string Value)> Rows() =>
    [
        ("Logical cores", LogicalCores.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("CPU", Cpu),
        ("OS", Os),
        (".NET", Runtime),
        ("ONNX Runtime", OnnxRuntime),
        ("GC", Gc),
        ("PostgreSQL", PostgreSql),
        ("RabbitMQ", RabbitMq),
        ("Load average (1 min) at start → end", Load),
    ];

    /// <summary>The 1-minute load average, or "n/a" where /proc/loadavg does not exist.</summary>
    public static string LoadAverage()
    {
        const string loadAverage = "/proc/loadavg";
        return File.Exists(loadAverage) ? File.ReadAllText(loadAverage).Split(' ')[0] : "n/a";
    }

    /// <summary>The 1, 5 and 15-minute load averages as <c>uptime</c> prints them, or "n/a".</summary>
    public static string LoadAverages()
    {
        const string loadAverage = "/proc/loadavg";
        return File.Exists(loadAverage) ? string.Join(", ", File.ReadAllText(loadAverage).Split(' ').Take(3)) : "n/a";
    }

    private static string CpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        var line = File.Exists(cpuInfo)
            ? File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))
            : null;
        return line?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
    }
}
