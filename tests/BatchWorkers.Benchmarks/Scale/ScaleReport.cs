using System.Globalization;
using BatchWorkers.Benchmarks.Reporting;
using BatchWorkers.Benchmarks.Workload;
using static BatchWorkers.Benchmarks.Reporting.Cells;

namespace BatchWorkers.Benchmarks.Scale;

/// <summary>The scale-out runs as tables: images/s per worker count and speed-up, every run, workload and machine.</summary>
public static class ScaleReport
{
    public static IReadOnlyList<ReportTable> Build(ScaleBenchOptions options, BenchModel model, IReadOnlyList<ScaleRun> runs, MachineInfo machine)
    {
        var byCount = runs.GroupBy(r => r.Workers).Select(g => (Workers: g.Key, Median: Median(g.ToList()))).ToList();
        var baseline = byCount.FirstOrDefault(c => c.Workers == 1).Median?.ImagesPerSecond ?? byCount[0].Median.ImagesPerSecond;
        return
        [
            new($"Scale-out: images/s with N worker processes on one database and one queue ({N(options.Images)} images, median run of {N(options.Runs)})",
                ["Workers", "Images/s", "Speed-up vs 1 worker", "Seconds", "Images per worker", "Workers' CPU share of the machine", "Images per worker CPU-second", "Hangfire servers in the database", "Load average (1, 5, 15 min) before → after"],
                byCount.Select(c => Row(
                    N(c.Workers), F(c.Median.ImagesPerSecond, "0.0"), F(c.Median.ImagesPerSecond / baseline, "0.00") + "×",
                    F(c.Median.Elapsed.TotalSeconds, "0.0"), string.Join(" / ", c.Median.Shares.Select(s => N(s.Items))),
                    P(c.Median.CpuShare), F(c.Median.ImagesPerCpuSecond, "0.0"), N(c.Median.HangfireServers), $"{c.Median.LoadBefore} → {c.Median.LoadAfter}")).ToList()),
            new("Every run, in the order measured",
                ["Workers", "Round", "Images/s", "Seconds", "Workers' CPU share", "CPU s per worker", "Images per worker"],
                runs.Select(r => Row(
                    N(r.Workers), N(r.Run), F(r.ImagesPerSecond, "0.0"), F(r.Elapsed.TotalSeconds, "0.0"), P(r.CpuShare),
                    string.Join(" / ", r.Shares.Select(s => F(s.Cpu.TotalSeconds, "0.0"))), string.Join(" / ", r.Shares.Select(s => N(s.Items))))).ToList()),
            new("Workload",
                ["Property", "Value"],
                [
                    Row("Model", $"{model.Name}: {model.Description}, {F(model.GigaMacsPerImage, "0.00")} GMAC/image, {model.InputSize}×{model.InputSize}"),
                    Row("Job", $"{N(options.Images)} × {BenchImages.Size}×{BenchImages.Size} JPEG q{BenchImages.Quality}, file:// references; chunks of {N(options.ChunkSize)}"),
                    Row("Each worker", $"a separate process; Models:IntraOpThreads={ScaleBenchOptions.IntraOpThreads}, ImageClassification:ConcurrentChunks=1, batch {N(options.ChunkSize)}" +
                        (options.WorkerSettings.Count == 0 ? "" : ", " + string.Join(", ", options.WorkerSettings.Select(s => $"{s.Key}={s.Value}")))),
                ]),
            new("Machine", ["Property", "Value"], machine.Rows().Where(m => m.Name != "Load average (1 min) at start → end").Select(m => Row(m.Name, m.Value)).ToList()),
        ];
    }

    private static ScaleRun Median(IReadOnlyList<ScaleRun> runs) => runs.OrderBy(r => r.ImagesPerSecond).ElementAt(runs.Count / 2);
}
