using System.CommandLine;
using BatchWorkers.Contracts;
using Spectre.Console;

namespace BatchWorkers.Cli.Commands;

/// <summary><c>bw status JOB</c>: one job's details and progress.</summary>
internal static class StatusCommand
{
    public static Command Create(CliContext context)
    {
        var jobId = JobIdArgument.Create();
        var command = new Command("status", "Show a job's details and progress") { jobId };
        command.SetAction((parseResult, cancellationToken) => context.RunAsync(parseResult, async (client, ct) =>
        {
            var job = await client.GetJobAsync(parseResult.GetValue(jobId), ct);
            context.Out.Write(Details(job, context.Time));
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    internal static Grid Details(JobStatus job, TimeProvider clock)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        void Row(string name, string markup) => grid.AddRow($"[grey]{name}[/]", markup);

        Row("Job", job.Id.ToString());
        Row("Type", Display.Wire(job.Type));
        Row("Model", Display.Model(job));
        Row("Priority", Display.Wire(job.Priority));
        Row("State", Display.State(job.State));
        if (job.Error is not null)
        {
            Row("Error", $"[red]{Display.Escape(job.Error)}[/]");
        }

        Row("Progress", $"{Display.Progress(job)}, {Display.Counts(job)}");
        Row("Chunks", $"{job.ChunksDone}/{job.ChunkCount}");
        if (job.IdempotencyKey is not null)
        {
            Row("Idempotency key", Display.Escape(job.IdempotencyKey));
        }

        Row("Submitted", Display.Time(job.SubmittedAt, clock));
        Row("Started", Display.Time(job.StartedAt, clock));
        Row("Finished", Display.Time(job.FinishedAt, clock));
        return grid;
    }
}
