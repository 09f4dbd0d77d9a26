using BatchWorkers.Benchmarks.Reporting;
using BatchWorkers.Benchmarks.Services;
using BatchWorkers.Benchmarks.Workload;
using BatchWorkers.Onnx.Samples;
using Spectre.Console;

namespace BatchWorkers.Benchmarks.Load;

/// <summary>
/// Writes the image model and the sample text models into a model store, the images into an input folder (the
/// worker's Inputs:FileRoot), then runs the comparison load (if any) and the main load, each on a fresh worker process.
/// </summary>
public sealed class LoadBenchRunner(LoadBenchOptions options, IAnsiConsole console)
{
    public async Task<IReadOnlyList<ReportTable>> RunAsync(CancellationToken cancellationToken)
    {
        var services = BenchServices.FromEnvironment();
        var store = Directory.CreateTempSubdirectory("bw-bench-load-models-").FullName;
        var inputs = Directory.CreateTempSubdirectory("bw-bench-load-inputs-").FullName;
        try
        {
            var model = BenchModel.All.Single(m => m.Name == options.Model);
            Log($"Writing {model.Name} ({model.GigaMacsPerImage:0.00} GMAC/image) and the sample text models {SmallTextJobs.Translator}, {SmallTextJobs.Summarizer}.");
            model.WriteTo(store, BenchOptions.Seed);
            SampleTextModels.WriteTranslator(Path.Combine(store, SmallTextJobs.Translator, "1"));
            SampleTextModels.WriteSummarizer(Path.Combine(store, SmallTextJobs.Summarizer, "1"));
            Log($"Writing {options.Images:N0} JPEG files ({ImageFiles.DistinctImages} distinct) to {Markup.Escape(inputs)}.");
            var (uris, averageBytes) = ImageFiles.Write(inputs, Math.Max(options.Images, options.CompareImages), BenchOptions.Seed);

            var settings = new Dictionary<string, string>(options.WorkerSettings) { ["Inputs:FileRoot"] = inputs };
            var phase = new LoadPhase(services, store, model.Name, settings, Log);
            var runs = new List<LoadPhaseResult>();
            if (options.CompareImages > 0)
            {
                Log($"[bold]Comparison run[/]: {options.CompareImages:N0} images and {options.CompareTextJobs:N0} text jobs.");
                runs.Add(await phase.RunAsync(uris.Take(options.CompareImages).ToList(), options.CompareTextJobs, cancellationToken));
                Log(Summary(runs[^1]));
            }

            Log($"[bold]Main run[/]: {options.Images:N0} images and {options.TextJobs:N0} text jobs.");
            runs.Add(await phase.RunAsync(uris.Take(options.Images).ToList(), options.TextJobs, cancellationToken));
            Log(Summary(runs[^1]));

            if (options.ChartPath is { } chart)
            {
                await File.WriteAllBytesAsync(chart, LoadChart.Render(runs), cancellationToken);
                Log($"Chart written to [bold]{Markup.Escape(Path.GetFullPath(chart))}[/].");
            }

            return LoadReport.Build(options, model, averageBytes, runs, await DescribeMachineAsync(services, cancellationToken));
        }
        finally
        {
            Directory.Delete(store, recursive: true);
            Directory.Delete(inputs, recursive: true);
        }
    }

    private static async Task<MachineInfo> DescribeMachineAsync(BenchServices services, CancellationToken cancellationToken)
    {
        await using var database = await BenchDatabase.CreateAsync(services, cancellationToken);
        await using var vhost = await BenchVirtualHost.CreateAsync(services, cancellationToken);
        return MachineInfo.Describe(
            BenchOptions.CpuProvider, await database.ServerVersionAsync(cancellationToken), await vhost.ServerVersionAsync(cancellationToken));
    }

    private static string Summary(LoadPhaseResult run) =>
        $"  done in {run.Wall.TotalSeconds:0.0} s: {run.ItemsPerSecond:0.0} items/s, images {run.ImagesPerSecond:0.0}/s; " +
        $"worker peak RSS {run.PeakResidentMiB:0} MiB (after warm-up {run.AfterWarmUp.ResidentMiB:0} MiB); " +
        $"jobs {string.Join(", ", run.JobStates.Select(s => $"{s.Key} {s.Value}"))}.";

    private void Log(string markup) => console.MarkupLine($"[grey]{DateTime.Now:HH:mm:ss}[/] {markup}");
}
