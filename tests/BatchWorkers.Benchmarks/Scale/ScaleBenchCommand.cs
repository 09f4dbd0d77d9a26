using System.CommandLine;
using BatchWorkers.Benchmarks.Workload;

namespace BatchWorkers.Benchmarks.Scale;

/// <summary>
/// <c>bw-bench scale [--images N] [--workers N...] [--model NAME] [--chunk-size N] [--runs R] [--markdown PATH] [--worker KEY=VALUE]...</c>:
/// images/s of one job with 1, 2, 3… worker processes sharing one database and one queue.
/// </summary>
public static class ScaleBenchCommand
{
    public static Command Create()
    {
        var images = new Option<int>("--images") { HelpName = "n", Description = "Images in the measured job (the same for every worker count)", DefaultValueFactory = _ => 384 };
        var workers = new Option<int[]>("--workers")
        {
            HelpName = "n", Description = "Worker process counts to measure", DefaultValueFactory = _ => [1, 2, 3], AllowMultipleArgumentsPerToken = true,
        };
        var model = new Option<string>("--model") { HelpName = "name", Description = "Image model (its inference should dominate)", DefaultValueFactory = _ => BenchModel.Heavy.Name };
        model.AcceptOnlyFromAmong(BenchModel.All.Select(m => m.Name).ToArray());
        var chunkSize = new Option<int>("--chunk-size") { HelpName = "n", Description = "Images per chunk and per batch", DefaultValueFactory = _ => 8 };
        var runs = new Option<int>("--runs") { HelpName = "n", Description = "Rounds of every worker count in turn; the median is reported", DefaultValueFactory = _ => 3 };
        var markdown = new Option<string?>("--markdown") { Description = "Also write the result tables as Markdown to this file", HelpName = "path" };
        var worker = BenchCommand.WorkerOption("Models:IntraOpThreads=2");
        images.Validators.Add(r => BenchCommand.Range(r, "--images", r.GetValueOrDefault<int>(), 1, 100_000));
        chunkSize.Validators.Add(r => BenchCommand.Range(r, "--chunk-size", r.GetValueOrDefault<int>(), 1, 1024));
        runs.Validators.Add(r => BenchCommand.Range(r, "--runs", r.GetValueOrDefault<int>(), 1, 20));
        workers.Validators.Add(r =>
        {
            foreach (var count in r.GetValueOrDefault<int[]>() ?? [])
            {
                BenchCommand.Range(r, "--workers", count, 1, 16);
            }
        });

        var command = new Command(
            "scale",
            "Scale-out: the same image job with 1, 2 and 3 worker processes (competing consumers of one RabbitMQ queue, several Hangfire " +
            "servers on one PostgreSQL database), each with one ONNX Runtime thread, on a model whose inference dominates. " +
            "Needs BW_PG_* and BW_RABBIT_* (run it through ./bench.sh scale).")
        {
            images, workers, model, chunkSize, runs, markdown, worker,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var options = new ScaleBenchOptions(
                parseResult.GetValue(images), parseResult.GetValue(workers)!, parseResult.GetValue(model)!, parseResult.GetValue(chunkSize),
                parseResult.GetValue(runs), parseResult.GetValue(markdown), BenchCommand.WorkerSettings(parseResult.GetValue(worker)));
            return await BenchCommand.MeasureAndReportAsync(
                (console, ct) => new ScaleBenchRunner(options, console).RunAsync(ct), options.MarkdownPath, cancellationToken);
        });
        return command;
    }
}
