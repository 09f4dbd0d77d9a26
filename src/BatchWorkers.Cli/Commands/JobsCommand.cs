using System.CommandLine;
using Spectre.Console;

namespace BatchWorkers.Cli.Commands;

/// <summary><c>bw jobs [--limit N]</c>: a table of recent jobs, newest first.</summary>
internal static class JobsCommand
{
    public static Command Create(CliContext context)
    {
        var limit = new Option<int?>("--limit", "-n") { Description = "How many jobs to show [default: 20]", HelpName = "n" };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1 or > 1000)
            {
                result.AddError("--limit must be between 1 and 1000.");
            }
        });

        var command = new Command("jobs", "List recent jobs") { limit };
        command.SetAction((parseResult, cancellationToken) => context.RunAsync(parseResult, async (client, ct) =>
        {
            var jobs = await client.ListJobsAsync(parseResult.GetValue(limit) ?? 20, ct);
            if (jobs.Count == 0)
            {
                context.Out.MarkupLine("No jobs yet. Submit one with [bold]bw submit[/].");
                return ExitCodes.Ok;
            }

            var table = new Table()
                .AddColumn(new TableColumn("Id").NoWrap())
                .AddColumns("Type", "Model", "State", "Progress", "Submitted");
            foreach (var job in jobs)
            {
                table.AddRow(
                    job.Id.ToString(),
                    Display.Wire(job.Type),
                    Display.Model(job),
                    Display.State(job.State),
                    Display.Progress(job),
                    Display.Time(job.SubmittedAt, context.Time));
            }

            context.Out.Write(table);
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}
