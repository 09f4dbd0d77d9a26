using System.CommandLine;
using Spectre.Console;

namespace BatchWorkers.Cli.Commands;

/// <summary><c>bw cancel JOB</c>: stops a job; items already done keep their results.</summary>
internal static class CancelCommand
{
    public static Command Create(CliContext context)
    {
        var jobId = JobIdArgument.Create();
        var command = new Command("cancel", "Cancel a job") { jobId };
        command.SetAction((parseResult, cancellationToken) => context.RunAsync(parseResult, async (client, ct) =>
        {
            var job = await client.CancelAsync(parseResult.GetValue(jobId), ct);
            context.Out.MarkupLine($"Job {job.Id}: {Display.State(job.State)}, {Display.Progress(job)} items done.");
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}
