using System.CommandLine;
using BatchWorkers.Benchmarks.Workload;

namespace BatchWorkers.Benchmarks.Load;

/// <summary>
/// <c>bw-bench load [--images N] [--text-jobs N] [--compare-images N] [--model NAME] [--markdown PATH] [--chart PATH] [--worker KEY=VALUE]...</c>:
/// one big image job and many small text jobs published at once to a worker process; throughput, time to result,
/// queue depth over time and the worker's memory.
/// </summary>
public static class LoadBenchCommand
{
    public static Command Create()
    {
        var images = new Option<int>("--images") { HelpName = "n", Description = "Images in the image-classification job", DefaultValueFactory = _ => 10_000 };
        var textJobs = new Option<int>("--text-jobs") { HelpName = "n", Description = "Small translation/summarization jobs submitted with it", DefaultValueFactory = _ => 1_000 };
        var compare = new Option<int?>("--compare-images")
        {
            HelpName = "n",
            Description = "First run a smaller load (this many images, text jobs scaled alike) on a fresh worker, to compare peak memory; " +
                "0 skips it [default: a fifth of --images]",
        };
        var model = new Option<string>("--model") { HelpName = "name", Description = "Image model", DefaultValueFactory = _ => BenchModel.Light.Name };
        model.AcceptOnlyFromAmong(BenchModel.All.Select(m => m.Name).ToArray());
        var markdown = new Option<string?>("--markdown") { Description = "Also write the result tables as Markdown to this file", HelpName = "path" };
        var chart = new Option<string?>("--chart") { Description = "Write a PNG of queue depths and worker RSS over time to this file", HelpName = "path" };
        var worker = BenchCommand.WorkerOption("Jobs:ChunkSize=64");
        images.Validators.Add(r => BenchCommand.Range(r, "--images", r.GetValueOrDefault<int>(), 1, 100_000));
        textJobs.Validators.Add(r => BenchCommand.Range(r, "--text-jobs", r.GetValueOrDefault<int>(), 0, 100_000));
        compare.Validators.Add(r => BenchCommand.Range(r, "--compare-images", r.GetValueOrDefault<int?>() ?? 0, 0, 100_000));

        var command = new Command(
            "load",
            "Load: one image-classification job of --images images (file:// references) and --text-jobs small translation and summarization " +
            "jobs published at once through RabbitMQ to a worker process. Reports throughput, p50/p95/p99 time from submission to result, " +
            "queue depth over time and the worker's RSS (peak and over time), with a smaller run to show memory does not grow with job size. " +
            "Needs BW_PG_* and BW_RABBIT_* (run it through ./bench.sh load).")
        {
            images, textJobs, compare, model, markdown, chart, worker,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var imageCount = parseResult.GetValue(images);
            var compareImages = parseResult.GetValue(compare) ?? imageCount / 5;
            if (compareImages >= imageCount)
            {
                await Console.Error.WriteLineAsync("--compare-images must be smaller than --images (or 0).");
                return 2;
            }

            var options = new LoadBenchOptions(
                imageCount, parseResult.GetValue(textJobs), compareImages, parseResult.GetValue(model)!,
                parseResult.GetValue(markdown), parseResult.GetValue(chart), BenchCommand.WorkerSettings(parseResult.GetValue(worker)));
            return await BenchCommand.MeasureAndReportAsync(
                (console, ct) => new LoadBenchRunner(options, console).RunAsync(ct), options.MarkdownPath, cancellationToken);
        });
        return command;
    }
}
