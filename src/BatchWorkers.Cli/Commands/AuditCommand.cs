using System.CommandLine;
using Spectre.Console;

namespace BatchWorkers.Cli.Commands;

/// <summary><c>bw audit [--job ID] [--limit N]</c>: who submitted jobs, read their results and managed keys, newest first (admin scope).</summary>
internal static class AuditCommand
{
    public static Command Create(CliContext context)
    {
        var job = new Option<Guid?>("--job", "-j") { Description = "Only this job's entries", HelpName = "job-id" };
        var limit = new Option<int?>("--limit", "-n") { Description = "How many entries to show [default: 50]", HelpName = "n" };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1 or > 1000)
            {
                result.AddError("--limit must be between 1 and 1000.");
            }
        });

        var command = new Command("audit", "Show the audit trail: submissions, result reads, cancellations, key changes (admin scope)") { job, limit };
        command.SetAction((parseResult, cancellationToken) => context.RunAsync(parseResult, async (client, ct) =>
        {
            var entries = await client.GetAuditAsync(parseResult.GetValue(job), parseResult.GetValue(limit) ?? 50, ct);
            if (entries.Count == 0)
            {
                context.Out.MarkupLine("No audit entries yet.");
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("When", "Who", "From", "Action", "Job", "Detail");
            foreach (var entry in entries)
            {
                table.AddRow(
                    Display.Time(entry.At, context.Time),
                    $"{Display.Escape(entry.Actor)} [grey]({Display.Escape(entry.ActorKind)})[/]",
                    Display.Escape(entry.SourceAddress ?? "-"),
                    Display.Escape(entry.Action),
                    entry.JobId?.ToString() ?? "-",
                    Display.Escape(entry.Detail.GetRawText()));
            }

            context.Out.Write(table);
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}
