using System.CommandLine;

namespace BatchWorkers.Cli.Commands.Submit;

/// <summary><c>bw submit TASK …</c>: one subcommand per job type, each with that task's own options.</summary>
internal static class SubmitCommand
{
    public static Command Create(CliContext context) => new("submit", "Submit a job")
    {
        ImageClassificationCommand.Create(context),
        TextCommand.Create(context, BatchWorkers.Contracts.JobType.Translation, "translation", "Translate texts (documents are split into sentences)"),
        TextCommand.Create(context, BatchWorkers.Contracts.JobType.Summarization, "summarization", "Summarize texts (long ones in segments)"),
        FineTuneCommand.Create(context),
    };
}
