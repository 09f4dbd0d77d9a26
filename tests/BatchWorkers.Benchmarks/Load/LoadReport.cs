using System.Globalization;
using BatchWorkers.Benchmarks.Reporting;
using BatchWorkers.Benchmarks.Workload;
using static BatchWorkers.Benchmarks.Reporting.Cells;

namespace BatchWorkers.Benchmarks.Load;

/// <summary>The load runs as tables: throughput, time to result, worker memory, queue depth over time, workload and machine.</summary>
public static class LoadReport
{
    // Rows of the over-time table: enough to see the shape, few enough to read.
    private const int TimelineRows = 12;

    public static IReadOnlyList<ReportTable> Build(
        LoadBenchOptions options, BenchModel model, double averageImageBytes, IReadOnlyList<LoadPhaseResult> runs, MachineInfo machine)
    {
        var main = runs[^1];
        return
        [
            new("Throughput (every job published at once; wall time = publish → last job final)",
                ["Images", "Text jobs (texts)", "Wall s", "Items/s", "Images/s (to the last image)", "Jobs by final state", "Failed items", "Publishing s"],
                runs.Select(r => Row(
                    N(r.Images), $"{N(r.TextJobs)} ({N(r.TextItems)})", F(r.Wall.TotalSeconds, "0.0"), F(r.ItemsPerSecond, "0.0"),
                    F(r.ImagesPerSecond, "0.0"), string.Join(", ", r.JobStates.Select(s => $"{s.Key} {N(s.Value)}")),
                    N(r.Latencies.Single(l => l.JobType == "all").Failed), F(r.Publishing.TotalSeconds, "0.00"))).ToList()),
            new("Time from submission to result, per item (s): result completed_at − job submitted_at, from PostgreSQL",
                ["Images in run", "Job type", "Items", "p50", "p95", "p99", "max", "p50 from publish", "p99 from publish"],
                runs.SelectMany(r => r.Latencies.Select(l => Row(
                    N(r.Images), l.JobType, N(l.Items), F(l.FromSubmitted.P50, "0.0"), F(l.FromSubmitted.P95, "0.0"),
                    F(l.FromSubmitted.P99, "0.0"), F(l.FromSubmitted.Max, "0.0"), F(l.FromPublishedP50, "0.0"), F(l.FromPublishedP99, "0.0")))).ToList()),
            new("Worker process memory (/proc/PID/status; a separate process, as deployed)",
                ["Images in run", "RSS after warm-up MiB", "Peak RSS (VmHWM) MiB", "Largest sampled RSS MiB", "RSS at end MiB", "Worker CPU s", "Worker CPU share of 2 cores"],
                runs.Select(r => Row(
                    N(r.Images), F(r.AfterWarmUp.ResidentMiB, "0"), F(r.PeakResidentMiB, "0"), F(r.MaxSampledResidentMiB, "0"),
                    F(r.Samples[^1].ResidentMiB, "0"), F(r.WorkerCpu.TotalSeconds, "0"),
                    P(r.WorkerCpu.TotalSeconds / (r.Wall.TotalSeconds * Environment.ProcessorCount)))).ToList()),
            new($"Queue depth (messages, RabbitMQ management API) and worker RSS over time, {N(main.Images)}-image run",
                ["t s", "Intake queues (submit-*)", "classify-images", "translate-texts", "summarize-texts", "Error queues", "Worker RSS MiB"],
                Timeline(main.Samples).Select(s => Row(
                    F(s.Seconds, "0"), N(s.DepthOfAll(q => q.StartsWith("submit-", StringComparison.Ordinal) && !IsError(q))),
                    N(s.Depth("classify-images")), N(s.Depth("translate-texts")), N(s.Depth("summarize-texts")),
                    N(s.DepthOfAll(IsError)), F(s.ResidentMiB, "0"))).ToList()),
            new("Workload",
                ["Property", "Value"],
                [
                    Row("Image job", $"{N(options.Images)} × {BenchImages.Size}×{BenchImages.Size} JPEG q{BenchImages.Quality} (avg {F(averageImageBytes, "0")} bytes), file:// references under Inputs:FileRoot"),
                    Row("Image model", $"{model.Name}: {model.Description}, {F(model.GigaMacsPerImage, "0.00")} GMAC/image, {model.InputSize}×{model.InputSize}"),
                    Row("Text jobs", $"{N(options.TextJobs)}, alternating translation ({SmallTextJobs.Translator}) and summarization ({SmallTextJobs.Summarizer}), 1–3 short texts each"),
                    Row("Comparison run", options.CompareImages > 0 ? $"{N(options.CompareImages)} images and {N(options.CompareTextJobs)} text jobs, on a fresh worker" : "none"),
                    Row("Worker settings", options.WorkerSettings.Count == 0 ? "defaults" : string.Join(", ", options.WorkerSettings.Select(s => $"{s.Key}={s.Value}"))),
                    Row("Load average (1, 5, 15 min) before → after each run", string.Join("; ", runs.Select(r => $"{N(r.Images)} images: {r.LoadBefore} → {r.LoadAfter}"))),
                ]),
            new("Machine", ["Property", "Value"], machine.Rows().Where(m => m.Name != "Load average (1 min) at start → end").Select(m => Row(m.Name, m.Value)).ToList()),
        ];
    }

    /// <summary>About <see cref="TimelineRows"/> samples evenly spread over the run, the first and the last included.</summary>
    private static IEnumerable<LoadSample> Timeline(IReadOnlyList<LoadSample> samples)
    {
        var step = Math.Max(1, (samples.Count - 1) / (TimelineRows - 1));
        return samples.Where((_, i) => i % step == 0 || i == samples.Count - 1).Distinct();
    }

    private static bool IsError(string queue) => queue.EndsWith("_error", StringComparison.Ordinal);
}
