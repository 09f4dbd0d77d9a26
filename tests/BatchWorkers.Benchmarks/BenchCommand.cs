using System.CommandLine;
using BatchWorkers.Benchmarks.Explanations;
using BatchWorkers.Benchmarks.Load;
using BatchWorkers.Benchmarks.Reporting;
using BatchWorkers.Benchmarks.Scale;
using BatchWorkers.Benchmarks.Translation;
using BatchWorkers.Benchmarks.Workload;
using Spectre.Console;

namespace BatchWorkers.Benchmarks;

/// <summary>
/// <c>bw-bench [--images N] [--runs R] [--batch B] [--image-size WxH] [--model NAME]... [--markdown PATH] [--worker KEY=VALUE]...</c>
/// (image classification), or <c>bw-bench seq2seq …</c> (translation, see <see cref="Seq2SeqBenchCommand"/>), <c>bw-bench load …</c>
/// (<see cref="LoadBenchCommand"/>) or <c>bw-bench scale …</c> (<see cref="ScaleBenchCommand"/>).
/// Exits 0 when the benchmark ran, whether or not the goal was met; 1 when it could not measure; 2 on bad arguments.
/// </summary>
public static class BenchCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var images = new Option<int>("--images") { HelpName = "n", Description = "Images in the measured job", DefaultValueFactory = _ => 512 };
        var runs = new Option<int>("--runs") { HelpName = "n", Description = "Repetitions; medians are reported", DefaultValueFactory = _ => 3 };
        var batch = new Option<int>("--batch") { HelpName = "n", Description = "Images per ONNX Runtime call and per chunk", DefaultValueFactory = _ => 32 };
        var models = new Option<string[]>("--model")
        {
            Description = $"Model(s) to run: {string.Join(", ", BenchModel.All.Select(m => m.Name))} [default: all]",
            AllowMultipleArgumentsPerToken = true,
        };
        models.AcceptOnlyFromAmong(BenchModel.All.Select(m => m.Name).ToArray());
        var markdown = new Option<string?>("--markdown") { Description = "Also write the result tables as Markdown to this file", HelpName = "path" };
        var worker = WorkerOption("ImageClassification:ConcurrentChunks=2");
        var cuda = new Option<bool>("--cuda")
        {
            Description = "Run the raw baseline and the worker on CUDA; needs a GPU build (BW_ACCELERATOR=cuda ./bench.sh --cuda)",
        };
        var imageSize = new Option<string>("--image-size")
        {
            HelpName = "WxH", Description = "Size of the generated JPEGs, e.g. 4032x3024 for phone photos", DefaultValueFactory = _ => $"{BenchImages.Size}x{BenchImages.Size}",
        };
        imageSize.Validators.Add(r =>
        {
            if (ParseSize(r.GetValueOrDefault<string>()) is not { } size || size.Width is < 16 or > 8192 || size.Height is < 16 or > 8192)
            {
                r.AddError("--image-size must be WIDTHxHEIGHT, each 16 to 8192, e.g. 4032x3024.");
            }
        });
        images.Validators.Add(r => Range(r, "--images", r.GetValueOrDefault<int>(), 1, 20_000));
        runs.Validators.Add(r => Range(r, "--runs", r.GetValueOrDefault<int>(), 1, 50));
        batch.Validators.Add(r => Range(r, "--batch", r.GetValueOrDefault<int>(), 1, 1024));

        var writeModel = new Option<string?>("--write-model")
        {
            HelpName = "name", Description = "Only write this benchmark model (as STORE/NAME/VERSION, see --store and --model-version) and exit",
        };
        var store = new Option<string?>("--store") { HelpName = "folder", Description = "Model store for --write-model" };
        var version = new Option<string>("--model-version") { HelpName = "version", Description = "Version folder for --write-model", DefaultValueFactory = _ => "1" };
        var root = new RootCommand(
            "Images/s of the BatchWorkers worker end to end (publish → every result in PostgreSQL) against raw ONNX Runtime on the same model and batch size. " +
            "Needs BW_PG_* and BW_RABBIT_* (run it through ./bench.sh). Other benchmarks: seq2seq (translation), load (a big job with many small ones), scale (1-3 worker processes).")
        {
            images, runs, batch, models, markdown, worker, cuda, imageSize, writeModel, store, version,
        };
        root.SetAction(async (parseResult, cancellationToken) =>
        {
            // Used by scripts/promotion-memory.sh to install a model of realistic size.
            if (parseResult.GetValue(writeModel) is { } name)
            {
                var model = BenchModel.All.Single(m => m.Name == name);
                var folder = model.WriteTo(Path.Combine(parseResult.GetValue(store) ?? ".", "staging"), BenchOptions.Seed);
                var target = Path.Combine(parseResult.GetValue(store) ?? ".", name, parseResult.GetValue(version)!);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                Directory.Move(folder, target);
                Console.WriteLine(target);
                return 0;
            }

            var selected = parseResult.GetValue(models) is { Length: > 0 } chosen ? chosen.Distinct().ToList() : BenchModel.All.Select(m => m.Name).ToList();
            var (imageWidth, imageHeight) = ParseSize(parseResult.GetValue(imageSize))!.Value;
            var options = new BenchOptions(
                parseResult.GetValue(images), parseResult.GetValue(runs), parseResult.GetValue(batch), selected, parseResult.GetValue(markdown),
                WorkerSettings(parseResult.GetValue(worker)),
                parseResult.GetValue(cuda), imageWidth, imageHeight);
            return await MeasureAndReportAsync(
                (console, ct) => new BenchRunner(options, console).RunAsync(ct), options.MarkdownPath, cancellationToken);
        });
        root.Subcommands.Add(Seq2SeqBenchCommand.Create());
        root.Subcommands.Add(ExplainBenchCommand.Create());
        root.Subcommands.Add(LoadBenchCommand.Create());
        root.Subcommands.Add(ScaleBenchCommand.Create());

        var parsed = root.Parse(args);
        var exitCode = await parsed.InvokeAsync();
        return parsed.Errors.Count > 0 ? 2 : exitCode;
    }

    /// <summary>Runs a measurement, prints its tables (and writes them as Markdown when asked): 0 when it measured, 1 when it could not.</summary>
    internal static async Task<int> MeasureAndReportAsync(
        Func<IAnsiConsole, CancellationToken, Task<IReadOnlyList<ReportTable>>> measure, string? markdownPath, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Console;
        if (Console.IsOutputRedirected)
        {
            console.Profile.Width = 512;
        }

        try
        {
            var tables = await measure(console, cancellationToken);
            console.WriteLine();
            BenchReport.Write(console, tables);
            if (markdownPath is { } path)
            {
                await File.WriteAllTextAsync(path, BenchReport.ToMarkdown(tables), cancellationToken);
                console.MarkupLine($"Markdown written to [bold]{Markup.Escape(Path.GetFullPath(path))}[/].");
            }

            return 0;
        }
        catch (BenchmarkException ex)
        {
            console.MarkupLine($"[red]Benchmark failed:[/] {Markup.Escape(ex.Message)}");
            return 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.MarkupLine("[yellow]Cancelled.[/]");
            return 1;
        }
    }

    /// <summary><c>--worker KEY=VALUE</c> (repeatable): extra worker configuration.</summary>
    internal static Option<string[]> WorkerOption(string example)
    {
        var worker = new Option<string[]>("--worker")
        {
            Description = $"Extra worker configuration, e.g. --worker {example} (repeatable)",
            HelpName = "key=value",
        };
        worker.Validators.Add(r =>
        {
            foreach (var setting in r.GetValueOrDefault<string[]>() ?? [])
            {
                if (!setting.Contains('=', StringComparison.Ordinal))
                {
                    r.AddError($"--worker takes KEY=VALUE; '{setting}' has no '='.");
                }
            }
        });
        return worker;
    }

    internal static IReadOnlyDictionary<string, string> WorkerSettings(string[]? settings) =>
        (settings ?? []).Select(s => s.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    private static (int Width, int Height)? ParseSize(string? text) =>
        text?.Split('x', 'X') is [var w, var h] && int.TryParse(w, out var width) && int.TryParse(h, out var height) ? (width, height) : null;

    internal static void Range(System.CommandLine.Parsing.OptionResult result, string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            result.AddError($"{name} must be between {min} and {max}.");
        }
    }
}
