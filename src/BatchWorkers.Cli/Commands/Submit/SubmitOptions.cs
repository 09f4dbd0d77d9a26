using System.CommandLine;
using BatchWorkers.Contracts;

namespace BatchWorkers.Cli.Commands.Submit;

/// <summary>The options every <c>bw submit</c> task shares.</summary>
internal sealed class SubmitOptions
{
    /// <summary>Null when not given: <see cref="JobPriority.Normal"/>.</summary>
    public Option<JobPriority?> Priority { get; } = new Option<JobPriority?>("--priority", "-p")
    {
        Description = "Queue priority [default: normal]",
        HelpName = "low|normal|high",
    }.AcceptOnlyFromAmong("low", "normal", "high");

    public Option<string?> Key { get; } = new("--key")
    {
        Description = "Idempotency key: submitting again with the same key returns the same job",
        HelpName = "idempotency-key",
    };

    public Option<bool> Wait { get; } = new("--wait", "-w") { Description = "Show progress until the job ends, then a summary" };

    public void AddTo(Command command)
    {
        command.Add(Priority);
        command.Add(Key);
        command.Add(Wait);
    }
}
