using System.CommandLine;
using System.Text.Json;
using BatchWorkers.Contracts;
using Spectre.Console;

namespace BatchWorkers.Cli.Commands;

/// <summary><c>bw results JOB [--out FILE.jsonl]</c>: streams a job's results to a table or an NDJSON file.</summary>
internal static class ResultsCommand
{
    public static Command Create(CliContext context)
    {
        var jobId = JobIdArgument.Create();
        var outFile = new Option<FileInfo?>("--out", "-o") { Description = "Write the results to this file as NDJSON, one per line", HelpName = "file.jsonl" };
        var command = new Command("results", "Show a job's results, or save them with --out") { jobId, outFile };
        command.SetAction((parseResult, cancellationToken) => context.RunAsync(parseResult, async (client, ct) =>
        {
            var id = parseResult.GetValue(jobId);
            var job = await client.GetJobAsync(id, ct);
            var count = parseResult.GetValue(outFile) is { } file
                ? await ToFileAsync(context, client, job, file, ct)
                : await ToTableAsync(context, client, job, ct);
            if (!job.IsFinal)
            {
                context.Out.MarkupLine($"[yellow]The job is still {Display.State(job.State)}: {count} of {job.TotalItems} results so far.[/]");
            }

            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static async Task<int> ToFileAsync(CliContext context, BatchWorkersApiClient client, JobStatus job, FileInfo file, CancellationToken ct)
    {
        var count = 0;
        await using (var writer = new StreamWriter(file.FullName) { NewLine = "\n" })
        {
            await context.Out.Progress().StartAsync(async progress =>
            {
                var task = progress.AddTask("Results", maxValue: Math.Max(job.TotalItems, 1));
                await foreach (var result in client.StreamResultsAsync(job.Id, ct))
                {
                    await writer.WriteLineAsync(JsonSerializer.Serialize(result, BatchWorkersJson.Options).AsMemory(), ct);
                    task.Value = ++count;
                    task.Description = $"Results {count}/{job.TotalItems}";
                }

                task.Value = task.MaxValue;
            });
        }

        context.Out.MarkupLine($"Wrote {count} results to [bold]{Display.Escape(file.FullName)}[/].");
        return count;
    }

    private static async Task<int> ToTableAsync(CliContext context, BatchWorkersApiClient client, JobStatus job, CancellationToken ct)
    {
        var table = new Table().AddColumns("#", "Name", "Result");
        await foreach (var result in client.StreamResultsAsync(job.Id, ct))
        {
            table.AddRow(result.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), Display.Escape(result.Name), Summary(result));
        }

        if (table.Rows.Count == 0)
        {
            context.Out.MarkupLine("No results yet.");
        }
        else
        {
            context.Out.Write(table);
        }

        return table.Rows.Count;
    }

    /// <summary>The top label and its probability for classifications, the error code and message for failures.</summary>
    internal static string Summary(ItemResult result)
    {
        if (!result.Succeeded)
        {
            return $"[red]{Display.Escape(result.ErrorCode ?? "error")}[/] {Display.Escape(result.Error)}";
        }

        if (result.Output is not { ValueKind: JsonValueKind.Object } output)
        {
            return Display.Escape(result.Output?.GetRawText());
        }

        if (output.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
        {
            var value = text.GetString() ?? "";
            return Display.Escape(value.Length <= 200 ? value : value[..200] + "…");
        }

        try
        {
            var classification = output.Deserialize<ClassificationOutput>(BatchWorkersJson.Options);
            if (classification?.TopK is [var top, ..])
            {
                return $"{Display.Escape(top.Label)} [grey]{top.Probability * 100:0.0}%[/]";
            }
        }
        catch (JsonException)
        {
            // Not a classification: fall through to the raw output.
        }

        var raw = output.GetRawText();
        return Display.Escape(raw.Length <= 80 ? raw : raw[..80] + "…");
    }
}
