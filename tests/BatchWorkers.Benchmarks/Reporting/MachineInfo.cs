using System.Runtime;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace BatchWorkers.Benchmarks.Reporting;

/// <summary>What the numbers were measured on.</summary>
public sealed record MachineInfo(
    int LogicalCores, string Cpu, string Os, string Runtime, string OnnxRuntime, string Gc, string PostgreSql, string RabbitMq)
{
    public static MachineInfo Describe(string postgreSql, string rabbitMq) => new(
        Environment.ProcessorCount,
        CpuModel(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        OrtEnv.Instance().GetVersionString() + " (CPU execution provider)",
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
    ];

    private static string CpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        var line = File.Exists(cpuInfo)
            ? File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))
            : null;
        return line?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
    }
}
