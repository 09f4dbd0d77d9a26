using System.Diagnostics;
using BatchWorkers.Benchmarks.Measurements;
using BatchWorkers.Benchmarks.Reporting;
using BatchWorkers.Benchmarks.Services;
using BatchWorkers.Benchmarks.Translation;
using BatchWorkers.Benchmarks.Workload;
using BatchWorkers.Contracts;
using Spectre.Console;

namespace BatchWorkers.Benchmarks.Explanations;

/// <summary>
/// First the cost of each explanation method per item against one prediction (in this process, no queues), then the
/// worker in-process: the same image job alone and with another job's reports running, <see cref="ExplainBenchOptions.Runs"/>
/// times, alternating which goes first.
/// </summary>
public sealed class ExplainBenchRunner(ExplainBenchOptions options, IAnsiConsole console)
{
    private const string ExecutionProvider = BenchOptions.CpuProvider;
    private static readonly TimeSpan ReportsTimeout = TimeSpan.FromMinutes(15);

    public async Task<IReadOnlyList<ReportTable>> RunAsync(CancellationToken cancellationToken)
    {
        var services = BenchServices.FromEnvironment();
        var loadAtStart = MachineInfo.LoadAverage();
        var model = BenchModel.All.Single(m => m.Name == options.Model);
        var store = Directory.CreateTempSubdirectory("bw-bench-explain-").FullName;
        try
        {
            var imageFolder = model.WriteTo(store, BenchOptions.Seed);
            var textFolder = TranslatorBenchModel.WriteTo(store, TranslatorBenchModel.Shape, ExplainBenchOptions.NewTokens, BenchOptions.Seed);
            var images = BenchImages.Generate(options.Images, BenchOptions.Seed);
            var explained = BenchImages.Generate(options.Explained, BenchOptions.Seed + 1);

            var costs = MeasureMethods(model, imageFolder, textFolder, explained, cancellationToken);
            await using var database = await BenchDatabase.CreateAsync(services, cancellationToken);
            await using var vhost = await BenchVirtualHost.CreateAsync(services, cancellationToken);
            var machine = MachineInfo.Describe(
                ExecutionProvider, await database.ServerVersionAsync(cancellationToken), await vhost.ServerVersionAsync(cancellationToken));
            Log($"Starting the worker in-process (database {database.Name}, vhost {vhost.Name}); reports yield to inference: {options.YieldToInference}.");
            await using var worker = await EndToEndBenchmark.StartAsync(
                services, database, vhost, store, options.BatchSize, options.EffectiveWorkerSettings, cancellationToken);
            var runs = await MeasureAlongsideAsync(worker, database, model, images, explained, cancellationToken);
            var reportCost = costs[0] with
            {
                Method = "Whole image report in the worker (occlusion + RISE, curves, 2 heatmaps, stored)",
                Budget = options.Budget,
                Evaluations = double.NaN,
                MsPerExplanation = ModelResult.Median(runs.Select(r => r.MsPerReport)),
            };
            return ExplainReport.Build(
                [.. costs, reportCost], runs, options, machine with { Load = $"{loadAtStart} → {MachineInfo.LoadAverage()}" });
        }
        finally
        {
            Directory.Delete(store, recursive: true);
        }
    }

    private List<MethodCost> MeasureMethods(
        BenchModel model, string imageFolder, string textFolder, IReadOnlyList<byte[]> explained, CancellationToken cancellationToken)
    {
        Log($"[bold]{model.Name}[/]: occlusion and RISE on {explained.Count} images, budget {options.Budget} per item (half each), batch {options.BatchSize}.");
        List<MethodCost> costs;
        using (var image = new ImageMethodCosts(model, imageFolder, explained, options.BatchSize))
        {
            costs = [.. image.Measure(options.Budget, cancellationToken)];
        }

        Log($"[bold]{TranslatorBenchModel.Name}[/]: source-token attribution of 8 sentences ({ExplainBenchOptions.NewTokens} new tokens each).");
        using (var text = new TextMethodCosts(textFolder, BenchSentences.Generate(16, BenchOptions.Seed), batchSize: 16))
        {
            costs.Add(text.Measure(options.Budget, cancellationToken));
        }

        foreach (var cost in costs)
        {
            Log($"  {Markup.Escape(cost.Method)}: {cost.MsPerExplanation:0} ms, {cost.Evaluations:0} evaluations = " +
                $"[bold]{cost.InPredictions:0}[/] batched predictions ({cost.InSinglePredictions:0.0} single)");
        }

        return costs;
    }

    private async Task<List<AlongsideRun>> MeasureAlongsideAsync(
        EndToEndBenchmark worker, BenchDatabase database, BenchModel model, IReadOnlyList<byte[]> images, IReadOnlyList<byte[]> explained,
        CancellationToken cancellationToken)
    {
        var explainAll = new ExplainSettings { Mode = ExplainMode.All, Budget = options.Budget };
        Log($"{options.Images} images per measured job; {options.Explained} images with reports alongside; {options.Runs} runs. Warming up.");
        await worker.RunAsync(model.Name, images.Take(options.BatchSize).ToList(), ExecutionProvider, cancellationToken);
        var warmUp = await worker.RunAsync(model.Name, explained.Take(1).ToList(), ExecutionProvider, cancellationToken, explainAll);
        await WaitForReportsAsync(database, warmUp.JobId, cancellationToken);

        var runs = new List<AlongsideRun>();
        for (var run = 1; run <= options.Runs; run++)
        {
            // Alternate the order, so load that drifts over a run does not favour one side.
            EndToEndRun? alone = run % 2 == 1 ? await worker.RunAsync(model.Name, images, ExecutionProvider, cancellationToken) : null;
            var background = await worker.RunAsync(model.Name, explained, ExecutionProvider, cancellationToken, explainAll);
            var before = await ExplanationProgress.ReadAsync(database.DataSource, background.JobId, cancellationToken);
            var alongside = await worker.RunAsync(model.Name, images, ExecutionProvider, cancellationToken);
            var inferenceEnded = DateTime.UtcNow;
            var after = await ExplanationProgress.ReadAsync(database.DataSource, background.JobId, cancellationToken);
            var final = await WaitForReportsAsync(database, background.JobId, cancellationToken);
            alone ??= await worker.RunAsync(model.Name, images, ExecutionProvider, cancellationToken);

            var result = new AlongsideRun(
                run, alone, alongside, before.Done, after.Done - before.Done, after.Pending,
                ModelResult.Median(final.MillisecondsBetweenCompletions(inferenceEnded)));
            runs.Add(result);
            Log($"  run {run}/{options.Runs}: alone {alone.ImagesPerSecond:0.0} images/s, with reports alongside {alongside.ImagesPerSecond:0.0} " +
                $"([bold]{result.Ratio:0.00}[/]); reports done before/during/pending after: {result.DoneBefore}/{result.DoneDuring}/{result.PendingAfter}; " +
                $"{result.MsPerReport:0} ms per report [grey](CPU alone {alone.CpuShare:0%}, alongside {alongside.CpuShare:0%})[/]");
            if (after.Pending == 0)
            {
                Log("[yellow]Warning:[/] every report was done before the measured job ended: use more --explained images to cover the whole job.");
            }
        }

        return runs;
    }

    private static async Task<ExplanationProgress> WaitForReportsAsync(BenchDatabase database, Guid jobId, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var progress = await ExplanationProgress.ReadAsync(database.DataSource, jobId, cancellationToken);
            if (progress.Failed > 0)
            {
                throw new BenchmarkException($"{progress.Failed} reports of job {jobId} failed, e.g. {progress.FirstError}.");
            }

            if (progress.Pending == 0 && progress.Done > 0)
            {
                return progress;
            }

            if (Stopwatch.GetElapsedTime(started) > ReportsTimeout)
            {
                throw new BenchmarkException($"The reports of job {jobId} did not finish within {ReportsTimeout.TotalMinutes:0} minutes ({progress.Done} done).");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    private void Log(string markup) => console.MarkupLine($"[grey]{DateTime.Now:HH:mm:ss}[/] {markup}");
}
