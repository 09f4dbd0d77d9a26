using System.CommandLine;
using BatchWorkers.Benchmarks.Workload;

namespace BatchWorkers.Benchmarks.Explanations;

/// <summary>
/// <c>bw-bench explain [--model NAME] [--images N] [--explained N] [--runs R] [--batch B] [--budget E] [--markdown PATH] [--worker KEY=VALUE]...</c>:
/// what an explanation costs per item against one prediction, for each method, and image inference throughput with
/// explanation reports running alongside vs alone (goal: within 10%).
/// </summary>
public static class ExplainBenchCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Image benchmark model", DefaultValueFactory = _ => BenchModel.Standard.Name };
        model.AcceptOnlyFromAmong(BenchModel.All.Select(m => m.Name).ToArray());
        var images = new Option<int>("--images") { HelpName = "n", Description = "Images in the measured inference job", DefaultValueFactory = _ => 512 };
        var explained = new Option<int>("--explained") { HelpName = "n", Description = "Images whose reports run alongside (explain: all)", DefaultValueFactory = _ => 8 };
        var runs = new Option<int>("--runs") { HelpName = "n", Description = "Repetitions; medians are reported", DefaultValueFactory = _ => 3 };
        var batch = new Option<int>("--batch") { HelpName = "n", Description = "Images per ONNX Runtime call and per chunk", DefaultValueFactory = _ => 32 };
        var budget = new Option<int>("--budget") { HelpName = "n", Description = "Model evaluations per explained item", DefaultValueFactory = _ => 400 };
        var markdown = new Option<string?>("--markdown") { Description = "Also write the result tables as Markdown to this file", HelpName = "path" };
        var worker = BenchCommand.WorkerOption("Explain:YieldToInference=false");
        images.Validators.Add(r => BenchCommand.Range(r, "--images", r.GetValueOrDefault<int>(), 1, 20_000));
        explained.Validators.Add(r => BenchCommand.Range(r, "--explained", r.GetValueOrDefault<int>(), 2, 1000));
        runs.Validators.Add(r => BenchCommand.Range(r, "--runs", r.GetValueOrDefault<int>(), 1, 50));
        batch.Validators.Add(r => BenchCommand.Range(r, "--batch", r.GetValueOrDefault<int>(), 1, 1024));
        budget.Validators.Add(r => BenchCommand.Range(r, "--budget", r.GetValueOrDefault<int>(), 20, 5000));

        var command = new Command(
            "explain",
            "Explanation reports: the cost of one explanation per item against one prediction for occlusion, RISE and source-token attribution, " +
            "and image inference throughput with another job's reports running alongside vs alone (goal ≥ 0.9). " +
            "Needs BW_PG_* and BW_RABBIT_* (run it through ./bench.sh explain).")
        {
            model, images, explained, runs, batch, budget, markdown, worker,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var options = new ExplainBenchOptions(
                parseResult.GetValue(model)!, parseResult.GetValue(images), parseResult.GetValue(explained), parseResult.GetValue(runs),
                parseResult.GetValue(batch), parseResult.GetValue(budget), parseResult.GetValue(markdown),
                BenchCommand.WorkerSettings(parseResult.GetValue(worker)));
            return await BenchCommand.MeasureAndReportAsync(
                (console, ct) => new ExplainBenchRunner(options, console).RunAsync(ct), options.MarkdownPath, cancellationToken);
        });
        return command;
    }
}
