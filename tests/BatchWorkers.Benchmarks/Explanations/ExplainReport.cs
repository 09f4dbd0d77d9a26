using System.Globalization;
using BatchWorkers.Benchmarks.Measurements;
using BatchWorkers.Benchmarks.Reporting;
using static BatchWorkers.Benchmarks.Reporting.Cells;

namespace BatchWorkers.Benchmarks.Explanations;

/// <summary>The explanation benchmark's tables: cost per method, inference alone vs with reports alongside, every run, the machine.</summary>
public static class ExplainReport
{
    /// <summary>Inference with reports alongside keeps at least this share of its throughput alone.</summary>
    public const double Goal = 0.9;

    public static IReadOnlyList<ReportTable> Build(
        IReadOnlyList<MethodCost> costs, IReadOnlyList<AlongsideRun> runs, ExplainBenchOptions options, MachineInfo machine)
    {
        var ratio = ModelResult.Median(runs.Select(r => r.Ratio));
        return
        [
            new("Cost of one explanation per item vs one prediction (medians)",
                ["Method", "Model", "Budget", "Evaluations used", "ms per explanation", $"ms per prediction (batch {options.BatchSize}; text: 16)",
                    "ms per prediction alone", "Cost in batched predictions", "Cost in single predictions"],
                costs.Select(c => Row(
                    c.Method, c.Model, c.Budget == 0 ? "–" : I(c.Budget), double.IsNaN(c.Evaluations) || c.Evaluations == 0 ? "–" : F(c.Evaluations, "0"),
                    F(c.MsPerExplanation, "0.0"), F(c.MsPerPrediction, "0.00"), F(c.MsPerSinglePrediction, "0.00"),
                    F(c.InPredictions, "0.0"), F(c.InSinglePredictions, "0.0"))).ToList()),
            new("Inference throughput with reports alongside vs alone (medians)",
                ["Model", "Images", "Reports alongside", "Reports yield to inference", "Alone images/s", "Alongside images/s", "Ratio", $"Goal ≥ {Goal:0.0}"],
                [Row(options.Model, I(options.Images), $"{options.Explained} items × budget {options.Budget}", options.YieldToInference ? "yes" : "no",
                    F(ModelResult.Median(runs.Select(r => r.Alone.ImagesPerSecond)), "0.0"),
                    F(ModelResult.Median(runs.Select(r => r.Alongside.ImagesPerSecond)), "0.0"),
                    F(ratio, "0.00"), ratio >= Goal ? "met" : "missed")]),
            new("Every run",
                ["Run", "Alone images/s", "Alongside images/s", "Ratio", "Reports done before", "Reports done during", "Reports pending after",
                    "ms per report after", "CPU alone", "CPU alongside"],
                runs.Select(r => Row(
                    I(r.Run), F(r.Alone.ImagesPerSecond, "0.0"), F(r.Alongside.ImagesPerSecond, "0.0"), F(r.Ratio, "0.00"), I(r.DoneBefore),
                    I(r.DoneDuring), I(r.PendingAfter), F(r.MsPerReport, "0"), P(r.Alone.CpuShare), P(r.Alongside.CpuShare))).ToList()),
            new("Machine", ["Property", "Value"], machine.Rows().Select(m => Row(m.Name, m.Value)).ToList()),
        ];
    }
}
