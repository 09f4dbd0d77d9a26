using BatchWorkers.Benchmarks.Measurements;
using BatchWorkers.Benchmarks.Reporting;
using BatchWorkers.Benchmarks.Services;
using BatchWorkers.Benchmarks.Workload;
using Spectre.Console;

namespace BatchWorkers.Benchmarks;

/// <summary>
/// Sets up a database, a vhost, a model store and images of the benchmark's own, starts the worker in-process,
/// then for each model measures raw ONNX Runtime, the in-process pipeline and the end-to-end job back to back,
/// <see cref="BenchOptions.Runs"/> times, and reports medians.
/// </summary>
public sealed class BenchRunner(BenchOptions options, IAnsiConsole console)
{
    // RabbitMQ 3.x refuses messages over 128 MiB; inline images travel base64-encoded in one JSON message.
    private const long MaxMessageBytes = 128L * 1024 * 1024;

    // ONNX Runtime keeps every core busy during the raw pass; well below that, something else had the CPU.
    private const double ContendedCpuShare = 0.9;

    public async Task<IReadOnlyList<ReportTable>> RunAsync(CancellationToken cancellationToken)
    {
        var services = BenchServices.FromEnvironment();
        var loadAtStart = MachineInfo.LoadAverage();
        var models = options.Models.Select(name => BenchModel.All.Single(m => m.Name == name)).ToList();
        var store = Directory.CreateTempSubdirectory("bw-bench-models-").FullName;
        try
        {
            var folders = models.ToDictionary(m => m, m => m.WriteTo(store, BenchOptions.Seed));
            var images = BenchImages.Generate(options.Images, BenchOptions.Seed, options.ImageWidth, options.ImageHeight);
            var averageBytes = images.Average(i => (double)i.Length);
            if (images.Sum(i => (long)i.Length) * 4 / 3 > MaxMessageBytes * 9 / 10)
            {
                throw new BenchmarkException($"{options.Images} images make a message near RabbitMQ's 128 MiB limit; use fewer --images.");
            }

            Log($"{options.Images} JPEGs of {options.ImageWidth}×{options.ImageHeight}, {averageBytes / 1024:0.0} KiB on average; batch {options.BatchSize}, {options.Runs} runs.");
            await using var database = await BenchDatabase.CreateAsync(services, cancellationToken);
            await using var vhost = await BenchVirtualHost.CreateAsync(services, cancellationToken);
            var machine = MachineInfo.Describe(
                options.ExecutionProvider, await database.ServerVersionAsync(cancellationToken), await vhost.ServerVersionAsync(cancellationToken));
            Log($"Starting the worker in-process (database {database.Name}, vhost {vhost.Name}).");
            await using var endToEnd = await EndToEndBenchmark.StartAsync(
                services, database, vhost, store, options.BatchSize, options.EffectiveWorkerSettings, cancellationToken);

            var results = new List<ModelResult>();
            foreach (var model in models)
            {
                results.Add(await MeasureAsync(model, folders[model], images, averageBytes, endToEnd, cancellationToken));
            }

            return BenchReport.Build(results, machine with { Load = $"{loadAtStart} → {MachineInfo.LoadAverage()}" });
        }
        finally
        {
            Directory.Delete(store, recursive: true);
        }
    }

    private async Task<ModelResult> MeasureAsync(
        BenchModel model, string folder, IReadOnlyList<byte[]> images, double averageBytes, EndToEndBenchmark endToEnd,
        CancellationToken cancellationToken)
    {
        Log($"[bold]{model.Name}[/]: {Markup.Escape(model.Description)}, {model.GigaMacsPerImage:0.00} GMAC per image. Warming up.");
        using var raw = new RawOnnxBenchmark(folder, images, options.BatchSize, options.Cuda);
        raw.WarmUp(batches: 3);
        // One chunk through the worker: loads its session, fills connection pools, compiles the hot paths.
        await endToEnd.RunAsync(model.Name, images.Take(options.BatchSize).ToList(), options.ExecutionProvider, cancellationToken);

        var runs = new List<RunResult>();
        for (var run = 1; run <= options.Runs; run++)
        {
            var rawRun = raw.RunInference();
            var pipeline = raw.RunWithPreprocessing();
            var job = await endToEnd.RunAsync(model.Name, images, options.ExecutionProvider, cancellationToken);
            runs.Add(new RunResult(run, rawRun, pipeline, job));
            Log($"  run {run}/{options.Runs}: raw {rawRun.ImagesPerSecond:0.0} images/s, in-process pipeline {pipeline.ImagesPerSecond:0.0}, " +
                $"end to end {job.ImagesPerSecond:0.0} ({job.Elapsed.TotalSeconds:0.00} s): ratio {job.ImagesPerSecond / rawRun.ImagesPerSecond:0.00} " +
                $"[grey](CPU raw {rawRun.CpuShare:0%}, end to end {job.CpuShare:0%})[/]");
        }

        if (runs.Any(r => r.Raw.CpuShare < ContendedCpuShare))
        {
            Log($"[yellow]Warning:[/] in some runs the raw pass got less than {ContendedCpuShare:0%} of the CPU: other processes competed and those numbers are noisy.");
        }

        return new ModelResult(model, images.Count, options.BatchSize, averageBytes, runs, options.ImageWidth, options.ImageHeight);
    }

    private void Log(string markup) => console.MarkupLine($"[grey]{DateTime.Now:HH:mm:ss}[/] {markup}");
}
