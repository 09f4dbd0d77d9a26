using System.Globalization;
using System.Text;

namespace BatchWorkers.Tests.Faults;

/// <summary>One row of the fault table: what was injected and what the checks afterwards covered.</summary>
public sealed record FaultRow(string Fault, int Jobs, int Items, int Reports, int Workers, TimeSpan Recovery, string Outcome)
{
    /// <summary>How far the workload had got when the fault struck.</summary>
    public string AtFault { get; init; } = "";
}

/// <summary>The table printed after the suite and kept in docs/reliability.md.</summary>
public static class FaultTable
{
    public static string ToMarkdown(IReadOnlyList<FaultRow> rows, TimeSpan wall)
    {
        var text = new StringBuilder();
        text.AppendLine("| Fault injected | At the fault | Jobs | Items checked | Reports checked | Workers serving after | Fault to all final | Outcome |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---|");
        foreach (var row in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Fault} | {row.AtFault} | {row.Jobs} | {row.Items} | {row.Reports} | {row.Workers} | {row.Recovery.TotalSeconds:0} s | {row.Outcome} |");
        }

        text.AppendLine(CultureInfo.InvariantCulture,
            $"| **total** | | {rows.Sum(r => r.Jobs)} | {rows.Sum(r => r.Items)} | {rows.Sum(r => r.Reports)} | | | {rows.Count(r => r.Outcome == "passed")} of {rows.Count} passed in {wall.TotalMinutes:0.0} min |");
        return text.ToString();
    }
}
