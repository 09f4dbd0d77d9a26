using BatchWorkers.Contracts;
using Spectre.Console;

namespace BatchWorkers.Cli.Commands.Submit;

/// <summary>
/// Sends a job the cheapest way its inputs allow: only files → multipart upload; only URIs → JSON with
/// <see cref="JobItem.Uri"/>; a mix → JSON with the files inlined as <see cref="JobItem.Data"/> (base64).
/// </summary>
internal static class JobSubmission
{
    public static async Task<JobStatus> SubmitAsync(
        BatchWorkersApiClient client, SubmitFilesRequest metadata, IReadOnlyList<string> inputs, CancellationToken ct)
    {
        var files = inputs.Where(i => !IsUri(i)).ToList();
        foreach (var path in files.Where(p => !File.Exists(p)))
        {
            throw new CliException(Directory.Exists(path)
                ? $"'{path}' is a folder: pass the files in it (for example {Path.Combine(path, "*")})."
                : $"Input not found: '{path}'. Pass image files or http(s):// / file:// URIs.");
        }

        if (files.Count == inputs.Count)
        {
            var streams = files.Select(p => (Path.GetFileName(p), (Stream)File.OpenRead(p))).ToList();
            return await client.SubmitFilesAsync(metadata, streams, ct);
        }

        var items = new List<JobItem>(inputs.Count);
        foreach (var input in inputs)
        {
            items.Add(IsUri(input)
                ? JobItem.FromUri(input, input)
                : JobItem.FromBytes(await File.ReadAllBytesAsync(input, ct), Path.GetFileName(input)));
        }

        return await client.SubmitAsync(
            new SubmitJobRequest
            {
                Type = metadata.Type,
                Model = metadata.Model,
                ModelVersion = metadata.ModelVersion,
                Priority = metadata.Priority,
                IdempotencyKey = metadata.IdempotencyKey,
                TopK = metadata.TopK,
                Items = items,
            },
            ct);
    }

    /// <summary>Prints the job, and with <paramref name="wait"/> follows it to the end.</summary>
    public static async Task<int> ReportAsync(CliContext context, BatchWorkersApiClient client, JobStatus job, bool wait, CancellationToken ct)
    {
        context.Out.MarkupLine($"Job [bold]{job.Id}[/] {Display.State(job.State)} ({job.TotalItems} items)");
        if (!wait)
        {
            return ExitCodes.Ok;
        }

        var final = await JobProgress.FollowAsync(context, client, job, ct);
        context.Out.MarkupLine($"Job [bold]{final.Id}[/] {Display.State(final.State)}: {Display.Counts(final)}.");
        if (final.Error is not null)
        {
            context.Out.MarkupLine($"[red]{Markup.Escape(final.Error)}[/]");
        }

        if (final.FailedItems > 0 || final.State == JobState.Succeeded)
        {
            context.Out.MarkupLine($"See the results with [bold]bw results {final.Id}[/].");
        }

        return final.State == JobState.Failed ? ExitCodes.JobFailed : ExitCodes.Ok;
    }

    private static bool IsUri(string input) =>
        input.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
        || input.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || input.StartsWith("file://", StringComparison.OrdinalIgnoreCase);
}
