using System.CommandLine;
using System.Text.Json;
using BatchWorkers.Contracts;
using Spectre.Console;

namespace BatchWorkers.Cli.Commands;

/// <summary><c>bw explain JOB ITEM [--out DIR]</c>: an item's explanation report, and its pictures and pages saved to a folder.</summary>
internal static class ExplainCommand
{
    public static Command Create(CliContext context)
    {
        var job = JobIdArgument.Create();
        var item = new Argument<int>("item") { Description = "The item's index in the job" };
        var output = new Option<DirectoryInfo?>("--out", "-o") { Description = "Folder to save report.json and the report's files in" };
        var command = new Command("explain", "Show an item's explanation report and save its heatmap, charts or token page") { job, item, output };
        command.SetAction((parseResult, cancellationToken) => context.RunAsync(parseResult, async (client, ct) =>
        {
            var jobId = parseResult.GetValue(job);
            var index = parseResult.GetValue(item);
            var explanation = await client.GetExplanationAsync(jobId, index, ct);
            context.Out.MarkupLine($"Item {index} of job {jobId}: {Markup.Escape(explanation.Kind)} report, [bold]{Markup.Escape(explanation.State)}[/]");
            if (explanation.Error is { } error)
            {
                context.Out.MarkupLine($"[red]{Markup.Escape(error)}[/]");
            }

            if (explanation.State == "pending")
            {
                context.Out.MarkupLine("[grey]Still being computed; run the command again shortly.[/]");
                return ExitCodes.Ok;
            }

            if (parseResult.GetValue(output) is not { } folder)
            {
                context.Out.MarkupLine($"Files: {Markup.Escape(string.Join(", ", explanation.Assets))}. Save them with [bold]--out DIR[/].");
                return ExitCodes.Ok;
            }

            folder.Create();
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "report.json"), JsonSerializer.Serialize(explanation, BatchWorkersJson.Options), ct);
            foreach (var asset in explanation.Assets)
            {
                await File.WriteAllBytesAsync(Path.Combine(folder.FullName, Path.GetFileName(asset)), await client.GetExplanationAssetAsync(jobId, index, asset, ct), ct);
            }

            context.Out.MarkupLine($"Saved report.json and {explanation.Assets.Count} files to {Markup.Escape(folder.FullName)}");
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}
